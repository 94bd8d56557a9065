import ArgumentParser
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

extension SparkTableFormat: ExpressibleByArgument {}

/// `segmenta spark …`: the loop run on Apache Spark, where the data is (see docs/scale.md).
///
/// Each subcommand turns its flags into a workflow request (a ``SparkScript`` run by ``SparkRunner``) and prints
/// the result and Spark's metrics. A new one — building the wide table (`spark features`) or profiling the
/// segments (`spark profile`) on Spark — takes ``SparkCommandOptions``, runs its workflow and prints with
/// ``SparkCommand/printRun(_:)``.
struct SparkCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "spark",
    abstract:
      "Build the wide table, sample, score, profile, tag and select campaign lists on Apache Spark (see docs/scale.md).",
    discussion: """
      Spark is found through --spark-home, SPARK_HOME or spark-sql on PATH. Tables are Parquet folders (default), \
      CSV files with a header (--format csv) or catalogue tables (--format table). Every command prints Spark's \
      metrics per job from its event log, kept with the script run in --work-dir.
      """,
    subcommands: [Features.self, Sample.self, Score.self, Profile.self, Tags.self, Campaign.self])

  /// Prints the steps' wall times and Spark's metrics per job, then the totals.
  static func printRun(_ run: SparkRun) {
    Console.out(
      Format.table(
        ["step", "seconds"], run.steps.map { [$0.name, Format.fixed($0.seconds, 2)] }, rightAligned: [1]))
    guard let metrics = run.metrics else {
      return Console.out("Spark wrote no event log; metrics are not available.")
    }
    func row(_ name: String, _ statement: String, _ seconds: Double?, _ work: SparkMetrics.Work) -> [String] {
      [
        name, statement.count > 48 ? String(statement.prefix(47)) + "…" : statement,
        seconds.map { Format.fixed($0, 2) } ?? "", Format.count(work.tasks), Format.fixed(work.executorRunSeconds, 2),
        Format.bytes(work.inputBytes), Format.count(work.inputRecords), Format.bytes(work.shuffleReadBytes),
        Format.bytes(work.shuffleWriteBytes), Format.bytes(work.memorySpillBytes + work.diskSpillBytes),
      ]
    }
    Console.out(
      Format.table(
        [
          "job", "statement", "seconds", "tasks", "executor s", "input", "records", "shuffle read", "shuffle write",
          "spill",
        ],
        metrics.jobs.map { row(String($0.job), $0.statement, $0.seconds, $0.work) }
          + [row("all", "", nil, metrics.total)],
        rightAligned: [2, 3, 4, 5, 6, 7, 8, 9]))
    Console.out("Script: \(run.script)\(run.eventLog.map { "; event log: \($0)" } ?? "")")
  }
}

/// The options every `segmenta spark` command takes.
struct SparkCommandOptions: ParsableArguments {
  @Option(help: "Spark's master: local[*], local[N], spark://HOST:PORT, yarn, k8s://… (passed to spark-sql).")
  var master = "local[*]"

  @Option(
    name: .customLong("spark-home"), help: "Spark's folder, holding bin/spark-sql (default: SPARK_HOME, then PATH).")
  var sparkHome: String?

  @Option(help: "A Spark setting KEY=VALUE; repeat for several.")
  var conf: [String] = []

  @Option(name: .customLong("driver-memory"), help: "The driver's memory, such as 4g.")
  var driverMemory: String?

  @Option(help: "How tables are held: parquet (a folder), csv (with a header) or table (Spark's catalogue).")
  var format: SparkTableFormat = .parquet

  @Option(
    name: .customLong("work-dir"),
    help: "Folder for scripts, event logs and Spark's catalogue (default: spark-work beside the workspace).")
  var workDirectory: String?

  @Flag(help: "Write over an output folder or table that exists (and a period that exists, for sample).")
  var replace = false

  var options: SparkOptions {
    SparkOptions(
      master: master, sparkHome: sparkHome, conf: conf, driverMemory: driverMemory, format: format,
      workDirectory: workDirectory, replace: replace)
  }
}

extension SparkCommand {
  /// `segmenta spark sample`.
  struct Sample: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sample",
      abstract: "Draw a seeded sample of the wide table on Spark and store it in the workspace as a period.",
      discussion: """
        Customers are ordered by xxhash64(customer_id, seed) and the first --size taken (with --stratify, each \
        stratum its share, largest remainders first), so the sample is the same whatever the partitioning. The \
        sampled customers' rows of --customers are imported as `segmenta import customers` does, and their wide \
        table as `segmenta features import`; `segmenta segment` then works on the period.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spark: SparkCommandOptions

    @Option(help: "The wide table (customer_id and the spec's features, as `features export` writes them).")
    var features: String

    @Option(help: "The customer table (customer_id and the customer columns); leave out when the workspace has them.")
    var customers: String?

    @Option(help: "Customers to draw.")
    var size: Int

    @Option(help: "The seed: the same seed draws the same customers.")
    var seed: Int64

    @Option(help: "A feature whose values are strata, each sampled in proportion.")
    var stratify: String?

    @Option(help: "The wide-table spec the table was made with (YAML).")
    var spec: String

    @Option(help: "Label of the period to store (default: the spec's reference date).")
    var period: String?

    func run() async throws {
      let output = try SparkSampleWorkflow(
        features: features, customers: customers, size: size, seed: seed, stratify: stratify, specPath: spec,
        period: period, replacePeriod: spark.replace, options: spark.options
      ).run(global.context())
      if global.json { return try Console.json(output) }
      if output.stratify != nil {
        Console.out(
          Format.table(
            ["stratum", "customers", "sampled"],
            output.strata.map {
              [$0.value.isEmpty ? "(missing)" : $0.value, Format.count($0.customers), Format.count($0.sampled)]
            },
            rightAligned: [1, 2]))
      }
      SparkCommand.printRun(output.run)
      Console.out(
        "Sampled \(Format.count(output.sampled)) of \(Format.count(output.total)) customers (seed \(output.seed)) on "
          + "Spark in \(Format.seconds(output.run.seconds)) and stored them as period \(output.featureImport.period.label)"
          + (output.customerImport.map {
            " with \(Format.count($0.summary.inserted + $0.summary.updated)) customer rows"
          } ?? "") + ".")
    }
  }

  /// `segmenta spark score NAME`.
  struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "score",
      abstract: "Score the whole wide table on Spark with a stored segmentation.",
      discussion: """
        Runs the query of `segmenta compile model NAME --target spark` over --features and writes customer_id, \
        cluster, segment and segment_name to --out, then counts the customers of each segment.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spark: SparkCommandOptions

    @Argument(help: "The segmentation.")
    var name: String

    @Option(help: "Version (default: the latest).")
    var version: Int?

    @Option(help: "The wide table (customer_id and the feature columns).")
    var features: String

    @Option(help: "Where the scores go: a folder, or a catalogue table with --format table.")
    var out: String

    func run() async throws {
      let output = try SparkScoreWorkflow(
        name: name, version: version, features: features, out: out, options: spark.options
      ).run(global.context())
      if global.json { return try Console.json(output) }
      Console.out(
        Format.table(
          ["segment", "name", "customers"],
          output.segments.map { [String($0.segment), $0.name, Format.count($0.customers)] }, rightAligned: [0, 2]))
      SparkCommand.printRun(output.run)
      Console.out(
        "Scored \(Format.count(output.rows)) customers with \(output.segmentation) version \(output.version) into "
          + "\(output.segments.count) segments on Spark in \(Format.seconds(output.run.seconds)), written to \(out).")
    }
  }

  /// `segmenta spark tags`.
  struct Tags: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "tags",
      abstract: "Fill the tag table on Spark with every defined tag.",
      discussion: """
        Runs the script of `segmenta compile tags --target spark` over --table (customer_id and the fields the \
        rules read) and writes the tag table (customer_id, tag), then counts the customers of each tag.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spark: SparkCommandOptions

    @Option(help: "The table with customer_id and the fields the rules read.")
    var table: String

    @Option(name: .customLong("tag-table"), help: "Where the tag table goes: a folder, or a catalogue table.")
    var tagTable = "customer_tags"

    @Option(
      help: "NAME=TABLE: the segments of segmentation NAME (customer_id, segment_id), for rules reading segment(NAME).")
    var segments: [String] = []

    @Option(help: "The wide-table period the rules are checked against (default: the latest).")
    var period: String?

    func run() async throws {
      let output = try SparkTagsWorkflow(
        table: table, tagTable: tagTable, segments: try SparkCommand.segmentTables(segments), period: period,
        options: spark.options
      ).run(global.context())
      if global.json { return try Console.json(output) }
      Console.out(
        Format.table(
          ["tag", "customers"], output.tags.map { [$0.tag, Format.count($0.customers)] }, rightAligned: [1]))
      SparkCommand.printRun(output.run)
      Console.out(
        "Filled \(tagTable) with \(output.tags.count) tags (\(Format.count(output.rows)) customer tags) on Spark in "
          + "\(Format.seconds(output.run.seconds)).")
    }
  }
}

extension SparkCommand {
  /// The `--segments NAME=TABLE` pairs by NAME.
  static func segmentTables(_ pairs: [String]) throws -> [String: String] {
    var tables: [String: String] = [:]
    for pair in pairs {
      guard let equals = pair.firstIndex(of: "=") else {
        throw ValidationError("--segments '\(pair)' is not NAME=TABLE")
      }
      tables[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
    }
    return tables
  }

  /// `segmenta spark campaign NAME`.
  struct Campaign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "campaign",
      abstract: "Write a stored campaign's target list on Spark and count it per group, reason and stratum.",
      discussion: """
        Runs the script of `segmenta compile campaign --target spark` over --table (customer_id and the fields \
        the target rule reads), --customers (opt-out, do-not-contact and address columns; default --table), \
        --tags, the segments (--segments NAME=TABLE, or --scores as `segmenta spark score` writes them), \
        --statuses (customer_id, status) and --contacts (customer_id, contacted_at), and writes customer_id, \
        campaign_group, reason and stratum to --out. The counts are those of `segmenta campaign select` with the \
        same --now.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spark: SparkCommandOptions

    @Argument(help: "The campaign.")
    var name: String

    @Option(help: "The table with customer_id and the fields the target rule reads.")
    var table: String

    @Option(help: "The table with the opt-out, do-not-contact and address columns (default: --table).")
    var customers: String?

    @Option(help: "The tag table (customer_id, tag), for rules reading tag(NAME).")
    var tags: String?

    @Option(help: "NAME=TABLE: the segments of segmentation NAME (customer_id, segment_id).")
    var segments: [String] = []

    @Option(help: "The scores of `segmenta spark score` (customer_id, segment) for the segmentation read.")
    var scores: String?

    @Option(help: "The contact statuses (customer_id, status dormant or void).")
    var statuses: String?

    @Option(help: "The contacts made (customer_id, contacted_at), for the frequency cap.")
    var contacts: String?

    @Flag(help: "Leave contact statuses unchecked when no --statuses is given.")
    var skipStatuses = false

    @Option(help: "The time the frequency cap counts back from, YYYY-MM-DDTHH:MM:SS (default: now).")
    var now: String?

    @Option(help: "Where the list goes: a folder, or a catalogue table.")
    var out: String

    @Option(help: "The wide-table period the rule is checked against (default: the latest).")
    var period: String?

    func run() async throws {
      let output = try SparkCampaignWorkflow(
        name: name, table: table, customers: customers, tags: tags, segments: try SparkCommand.segmentTables(segments),
        scores: scores, statuses: statuses, contacts: contacts, skipStatuses: skipStatuses, now: now, out: out,
        period: period, options: spark.options
      ).run(global.context())
      if global.json { return try Console.json(output) }
      Console.out(
        Format.table(
          ["group", "reason", "stratum", "customers"],
          output.counts.map {
            [$0.group, $0.reason ?? "", $0.stratum.map(String.init) ?? "", Format.count($0.customers)]
          }, rightAligned: [2, 3]))
      SparkCommand.printRun(output.run)
      if !output.statusesChecked && skipStatuses { Console.note("Note: contact statuses were not checked.") }
      Console.out(
        "Wrote campaign \(output.campaign)'s list to \(out) on Spark: \(Format.count(output.targets)) targets, "
          + "\(Format.count(output.controls)) controls, \(Format.count(output.excluded.values.reduce(0, +))) excluded, "
          + "in \(Format.seconds(output.run.seconds)).")
    }
  }
}

extension SparkCommand {
  /// `segmenta spark features --spec FILE`.
  struct Features: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "features",
      abstract: "Build the wide table of every customer on Spark from a spec, the events and the customers.",
      discussion: """
        Runs the query of `segmenta compile features --target spark` over --events (the columns of the event \
        files; in Parquet the timestamp a TIMESTAMP, read in UTC) and --customers, and writes customer_id and every \
        feature to --out: the values `segmenta features build` stores for the same events. CSV tables are read \
        from their header as text and cast to the types the query needs.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spark: SparkCommandOptions

    @Option(help: "The wide-table spec (YAML, see docs/features.md).")
    var spec: String

    @Option(help: "The events: a folder of files, or a catalogue table with --format table.")
    var events: String

    @Option(help: "The customers: customer_id and the customer columns the spec reads.")
    var customers: String

    @Option(help: "The previous period's wide table, for 'changed' features.")
    var previous: String?

    @Option(
      name: .customLong("as-of"),
      help: "Reference date YYYY-MM-DD (default: the spec's, else the day after the latest event).")
    var asOf: String?

    @Option(help: "Where the wide table goes: a folder, or a catalogue table with --format table.")
    var out: String

    func run() async throws {
      let day = try asOf.map { try ArgumentParsing.day($0, option: "--as-of") }
      let output = try SparkFeaturesWorkflow(
        specPath: spec, events: events, customers: customers, previous: previous, asOf: day, out: out,
        options: spark.options
      ).run(global.context())
      if global.json { return try Console.json(output) }
      SparkCommand.printRun(output.run)
      Console.out(
        "Built \(output.features.count) features for \(Format.count(output.rows)) customers on Spark in "
          + "\(Format.seconds(output.run.seconds)), written to \(out).")
    }
  }

  /// `segmenta spark profile NAME`.
  struct Profile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "profile",
      abstract: "Profile a segmentation's segments over every customer on Spark; render the report locally.",
      discussion: """
        Runs the query of `segmenta compile profile NAME --target spark` over --features, --scores (as `segmenta \
        spark score` writes them) and --customers, brings the statistics back (a few rows per segment and \
        feature) and renders the usual report from them, as `segmenta profile NAME --statistics FILE` does. \
        Medians on Spark are percentile_approx's (accuracy 10,000).
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spark: SparkCommandOptions

    @Argument(help: "The segmentation.")
    var name: String

    @Option(help: "Version (default: the latest).")
    var version: Int?

    @Option(help: "The wide table (customer_id and the feature columns).")
    var features: String

    @Option(help: "Every customer's segment (customer_id, cluster, segment), as `segmenta spark score` writes them.")
    var scores: String

    @Option(help: "The customers: customer_id and the columns the categories and KPIs read.")
    var customers: String

    @Option(help: "A profile spec (YAML): KPIs, categories, playbook.")
    var spec: String?

    @Option(name: .customLong("report-format"), help: "The report's format: md, html or json.")
    var format: ProfileWorkflow.Format = .html

    @Option(help: "Write the report to this file.")
    var out: String

    func run() async throws {
      let output = try SparkProfileWorkflow(
        name: name, version: version, features: features, scores: scores, customers: customers, specPath: spec,
        format: format, out: out, options: spark.options
      ).run(global.context())
      let report = output.profile.report
      if global.json {
        return try Console.json(
          ProfileResult(
            segmentation: name, version: report.version, file: output.profile.file ?? out,
            format: format.rawValue, segments: report.segments, customers: report.customers,
            statistics: output.statistics, statisticsRows: output.rows, run: output.run))
      }
      SparkCommand.printRun(output.run)
      Console.out(
        "Profiled \(report.segments) segments of \(Format.count(report.customers)) customers on Spark in "
          + "\(Format.seconds(output.run.seconds)); the \(format.rawValue) report is in \(out).")
    }

    struct ProfileResult: Encodable {
      var segmentation: String
      var version: Int
      var file: String
      var format: String
      var segments: Int
      var customers: Int
      var statistics: String
      var statisticsRows: Int
      var run: SparkRun
    }
  }
}
