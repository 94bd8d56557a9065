import ArgumentParser
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

extension SQLDialect: ExpressibleByArgument {}
extension ExportModelWorkflow.Format: ExpressibleByArgument {}

/// The engine and the output file of every `segmenta compile` subcommand.
struct CompileTargetOptions: ParsableArguments {
  @Option(help: "spark, postgres or duckdb.")
  var target: SQLDialect = .duckdb

  @Option(help: "Write the SQL to this file (default: standard output).")
  var out: String?

  /// Prints compiled text: the text itself when it went to standard output, else the one-line summary `summary`
  /// makes for the file it was written to.
  static func report(_ text: String, file: String?, summary: (String) -> String) {
    guard let file else { return Console.out(String(text.dropLast())) }
    Console.summary(summary(file), dataTo: file)
  }
}

/// `segmenta compile`: what the analyst defined, as SQL for Spark, PostgreSQL or DuckDB.
struct CompileCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compile",
    abstract: "Turn stored definitions into SQL for Spark, PostgreSQL or DuckDB (see docs/scale.md).",
    subcommands: [Model.self, Rule.self, Tags.self, Features.self, Value.self, Profile.self, Campaign.self])

  /// `segmenta compile model NAME`.
  struct Model: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "model",
      abstract: "A stored segmentation as one SQL query returning customer_id, cluster, segment, segment_name.",
      discussion: """
        The query reads customer_id and the model's feature columns from --table (as `segmenta features \
        export` writes them; NULL is missing) and applies the stored preprocessing (fill, winsorising bounds, \
        log1p, scaling, weights) and the nearest centre, so the engine assigns every customer as the \
        workspace does. Segmentations made by k-means or a self-organising map compile.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The segmentation.")
    var name: String

    @Option(help: "Version (default: the latest).")
    var version: Int?

    @OptionGroup var compiled: CompileTargetOptions

    @Option(help: "The table with customer_id and the feature columns (identifiers joined by dots).")
    var table: String = "features"

    func validate() throws { try Console.checkStandardOutput(compiled.out, json: global.json) }

    func run() async throws {
      let output = try CompileModelWorkflow(
        name: name, version: version, target: compiled.target, table: table, out: compiled.out
      )
      .run(global.context())
      if global.json { return try Console.json(output) }
      CompileTargetOptions.report(output.sql, file: output.file) { file in
        "Compiled \(output.segmentation) version \(output.version) (\(output.features.count) features, "
          + "\(output.clusters) clusters, \(output.segments) segments) for \(compiled.target.title) over \(table) to \(file)."
      }
    }
  }
}

extension CompileCommand {
  /// `segmenta compile rule "EXPR"`.
  struct Rule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rule",
      abstract: "A rule as an SQL query selecting the customer_id of every customer for whom it is true.",
      discussion: """
        The rule is checked against the workspace first, as `segmenta rule check` does. The query reads \
        --table (customer_id and every field the rule names: feature columns as `features export` writes \
        them, customer columns as imported; NULL or empty is missing), segment(NAME) from segments_NAME \
        (segments_NAME_previous for segment(NAME, previous); customer_id, segment_id as `segmenta export` \
        writes them) and tag(NAME) from --tag-table (customer_id, tag). Unknown stays unknown, as in rules.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The rule, such as 'arpu > 100 and segment(demo) = \"C1\"'.")
    var rule: String

    @OptionGroup var compiled: CompileTargetOptions

    @Option(help: "The table with customer_id and the fields the rule reads.")
    var table: String = "customers"

    @Option(help: "The table of tag memberships (customer_id, tag).")
    var tagTable: String = "customer_tags"

    @Option(help: "The wide-table period the rule is checked against (default: the latest).")
    var period: String?

    func validate() throws { try Console.checkStandardOutput(compiled.out, json: global.json) }

    func run() async throws {
      let output = try CompileRuleWorkflow(
        rule: rule, target: compiled.target, table: table, tagTable: tagTable, period: period, out: compiled.out
      ).run(global.context())
      if global.json { return try Console.json(output) }
      CompileTargetOptions.report(output.sql, file: output.file) { file in
        "Compiled the rule for \(compiled.target.title) over \(table) (\(output.fields.count) fields, "
          + "\(output.segmentations.count) segmentations, \(output.tags.count) tags) to \(file)."
      }
    }
  }
}

extension CompileCommand {
  /// `segmenta compile tags`.
  struct Tags: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "tags",
      abstract: "Every defined tag as SQL that fills a tag table (customer_id, tag), in the order tags apply.",
      discussion: """
        The script drops and creates --tag-table, then inserts one row per customer and tag carried, each tag \
        after the tags its rule reads, reading --table and segments_NAME as `segmenta compile rule` does. \
        Run it where the data is; the counts per tag are those of `segmenta tags apply`.
        """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var compiled: CompileTargetOptions

    @Option(help: "The table with customer_id and the fields the rules read.")
    var table: String = "customers"

    @Option(help: "The tag table the script creates and fills (customer_id, tag).")
    var tagTable: String = "customer_tags"

    @Option(help: "The wide-table period the rules are checked against (default: the latest).")
    var period: String?

    func validate() throws { try Console.checkStandardOutput(compiled.out, json: global.json) }

    func run() async throws {
      let output = try CompileTagsWorkflow(
        target: compiled.target, table: table, tagTable: tagTable, period: period, out: compiled.out
      )
      .run(global.context())
      if global.json { return try Console.json(output) }
      CompileTargetOptions.report(output.sql, file: output.file) { file in
        "Compiled \(output.tags.count) tags for \(compiled.target.title) over \(table) into \(tagTable) to \(file)."
      }
    }
  }
}

extension CompileCommand {
  /// `segmenta compile features --spec FILE`.
  struct Features: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "features",
      abstract: "A wide-table spec as one SQL query returning customer_id and every feature, per customer.",
      discussion: """
        The query reads --events-table (the columns of the event files; the timestamp a TIMESTAMP holding the \
        wall-clock time the files give, measures numeric, other fields text), --customers-table (customer_id \
        and the customer columns the spec reads, as imported, dates as DATE) and, for 'changed' features, \
        --previous-table (customer_id and the compared features' codes as `segmenta features export` wrote \
        them for the previous period). It returns the values `segmenta features build` stores for the same \
        events: categorical features as codes 0, 1, …, missing values as NULL. No workspace is needed.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The wide-table spec (YAML, see docs/features.md).")
    var spec: String

    @OptionGroup var compiled: CompileTargetOptions

    @Option(help: "The table of events (identifiers joined by dots).")
    var eventsTable: String = "events"

    @Option(help: "The table of customers: customer_id and the customer columns the spec reads.")
    var customersTable: String = "customers"

    @Option(help: "The previous period's features (customer_id and the codes 'changed' compares with).")
    var previousTable: String?

    @Option(name: .customLong("as-of"), help: "Reference date YYYY-MM-DD, overriding the spec's.")
    var asOf: String?

    func validate() throws { try Console.checkStandardOutput(compiled.out, json: global.json) }

    func run() async throws {
      let output = try CompileFeaturesWorkflow(
        specPath: spec, target: compiled.target, eventsTable: eventsTable, customersTable: customersTable,
        previousTable: previousTable, asOf: try asOf.map { try ArgumentParsing.day($0, option: "--as-of") },
        out: compiled.out
      ).run(global.context())
      if global.json { return try Console.json(output) }
      CompileTargetOptions.report(output.sql, file: output.file) { file in
        "Compiled \(output.features.count) features of \(spec) for \(compiled.target.title) over "
          + "\(output.tables.map(\.name).joined(separator: ", ")) to \(file)."
      }
    }
  }
}

extension CompileCommand {
  /// `segmenta compile value`.
  struct Value: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "value",
      abstract: "The value table, RFM scores and lifetime-value predictions as one SQL query over transactions.",
      discussion: """
        The query reads the customer, date and amount columns of --transactions-table and returns per \
        customer the summaries `segmenta value build` stored (frequency, recency, T, monetary_value, \
        total_value, …), the RFM scores of `value rfm` (same tie policy) and, from the parameters `value clv` \
        fitted, p_alive, expected_spend, expected_purchases and the CLV column. --json names any column not \
        compiled and why. See docs/scale.md.
        """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var compiled: CompileTargetOptions

    @Option(name: .customLong("transactions-table"), help: "The transaction table (identifiers joined by dots).")
    var transactionsTable = "transactions"

    @Option(name: .customLong("customer-column"), help: "Its column of customer ids.")
    var customerColumn = "customer_id"

    @Option(name: .customLong("date-column"), help: "Its column of dates or timestamps.")
    var dateColumn = "date"

    @Option(name: .customLong("amount-column"), help: "Its column of amounts.")
    var amountColumn = "amount"

    @Option(name: .customLong("value-table"), help: "The value table (default: the latest built).")
    var valueTable: String?

    @Option(
      name: .customLong("as-of"), help: "End of the observation, YYYY-MM-DD (default: the stored table's).")
    var asOf: String?

    @Option(name: .customLong("time-unit"), help: "days or weeks (default: the stored table's).")
    var timeUnit: ValueTimeUnit?

    @Option(help: "RFM score bins, 2–10 (default: those of `value rfm`, else 5).")
    var bins: Int?

    func validate() throws { try Console.checkStandardOutput(compiled.out, json: global.json) }

    func run() async throws {
      let output = try CompileValueWorkflow(
        target: compiled.target, transactionsTable: transactionsTable, customerColumn: customerColumn,
        dateColumn: dateColumn, amountColumn: amountColumn, label: valueTable,
        asOf: try asOf.map { try ArgumentParsing.day($0, option: "--as-of") }, timeUnit: timeUnit, bins: bins,
        out: compiled.out
      ).run(global.context())
      if global.json { return try Console.json(output) }
      for note in output.notes { Console.note("Note: \(note)") }
      for omitted in output.notCompiled { Console.note("Not compiled: \(omitted.column): \(omitted.reason).") }
      CompileTargetOptions.report(output.sql, file: output.file) { file in
        "Compiled value table \(output.valueTable) (\(output.columns.count) columns, RFM in \(output.bins) bins) "
          + "for \(compiled.target.title) over \(transactionsTable) to \(file)."
      }
    }
  }
}

extension CompileCommand {
  /// `segmenta compile profile NAME`.
  struct Profile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "profile",
      abstract: "The statistics of a segment profile as one SQL query; `segmenta profile --statistics` renders them.",
      discussion: """
        The query reads customer_id and segment (1-based, as `segmenta compile model` or `segmenta export` \
        writes them) from --scores, the model's feature columns from --table and the customer columns the \
        profile's categories and KPIs read from --customers, and returns a small table (segment, statistic, \
        item, category, value): sizes, counts and sums, sums of the scaled values and their squares, the three \
        most frequent values of each category, medians and share counts for KPIs. Save it as CSV with a \
        header and run `segmenta profile NAME --statistics FILE.csv` (see docs/scale.md).
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The segmentation.")
    var name: String

    @Option(help: "Version (default: the latest).")
    var version: Int?

    @OptionGroup var compiled: CompileTargetOptions

    @Option(help: "The table with customer_id and the feature columns (identifiers joined by dots).")
    var table: String = "features"

    @Option(help: "The table with customer_id and segment (1-based).")
    var scores: String = "scores"

    @Option(help: "The table with customer_id and the customer columns categories and KPIs read.")
    var customers: String = "customers"

    @Option(help: "A profile spec (YAML): KPIs and categories.")
    var spec: String?

    func validate() throws { try Console.checkStandardOutput(compiled.out, json: global.json) }

    func run() async throws {
      let output = try CompileProfileWorkflow(
        name: name, version: version, target: compiled.target,
        tables: ProfileSQL.Tables(features: table, scores: scores, customers: customers), specPath: spec,
        out: compiled.out
      ).run(global.context())
      if global.json { return try Console.json(output) }
      CompileTargetOptions.report(output.sql, file: output.file) { file in
        "Compiled the profile statistics of \(output.segmentation) version \(output.version) "
          + "(\(output.features.count) features, \(output.categories.count) categories, \(output.kpis) KPIs, "
          + "\(output.segments) segments) for \(compiled.target.title) to \(file)."
      }
    }
  }
}

extension CompileCommand {
  /// `segmenta compile campaign NAME`.
  struct Campaign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "campaign",
      abstract: "A stored campaign's target list as an SQL script that (re)creates the list table.",
      discussion: """
        The script reads the target rule's fields from --table (and segment(NAME), tag(NAME) as `segmenta \
        compile rule` does), the opt-out, do-not-contact and address columns from --customers-table, contact \
        statuses from --statuses-table (customer_id, status) and contacts made from --contacts-table \
        (customer_id, contacted_at), and writes one row per customer: customer_id, campaign_group (target, \
        control, excluded), reason and stratum. The counts per group, reason and stratum are those of \
        `segmenta campaign select` with the same --now; which customers are drawn follows an MD5 key of the \
        seed and the id, the same on every engine (see docs/campaigns.md).
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The campaign.")
    var name: String

    @OptionGroup var compiled: CompileTargetOptions

    @Option(help: "The table with customer_id and the fields the target rule reads.")
    var table: String = "customers"

    @Option(help: "The table with the opt-out, do-not-contact and address columns (default: --table).")
    var customersTable: String?

    @Option(help: "The table of tag memberships (customer_id, tag).")
    var tagTable: String = "customer_tags"

    @Option(help: "The table of contact statuses (customer_id, status dormant or void).")
    var statusesTable: String?

    @Option(help: "The table of contacts made (customer_id, contacted_at), for the frequency cap.")
    var contactsTable: String?

    @Flag(help: "Leave contact statuses unchecked when no --statuses-table is given.")
    var skipStatuses = false

    @Option(help: "The time the frequency cap counts back from, YYYY-MM-DDTHH:MM:SS (default: now).")
    var now: String?

    @Option(help: "The list table the script creates (default: campaign_NAME).")
    var listTable: String?

    @Option(help: "The wide-table period the rule is checked against (default: the latest).")
    var period: String?

    func validate() throws { try Console.checkStandardOutput(compiled.out, json: global.json) }

    func run() async throws {
      let output = try CompileCampaignWorkflow(
        name: name, target: compiled.target, table: table, customersTable: customersTable, tagTable: tagTable,
        statusesTable: statusesTable, contactsTable: contactsTable, skipStatuses: skipStatuses, now: now,
        listTable: listTable, period: period, out: compiled.out
      ).run(global.context())
      if global.json { return try Console.json(output) }
      if !output.statusesChecked && skipStatuses {
        Console.note("Note: contact statuses are not checked (--skip-statuses).")
      }
      CompileTargetOptions.report(output.sql, file: output.file) { file in
        "Compiled campaign \(output.campaign)'s target list (\(output.control.rawValue) control, "
          + "\(output.suppressionColumns.count) suppression columns"
          + (output.statusesChecked ? ", statuses checked" : ", statuses not checked")
          + ") for \(compiled.target.title) into \(output.tables.list) to \(file)."
      }
    }
  }
}

/// `segmenta export-model NAME`: the model as PMML or Segmenta's JSON model file.
struct ExportModelCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export-model",
    abstract: "Write a stored segmentation as a PMML 4.4 ClusteringModel or as Segmenta's JSON model file.",
    discussion: """
      PMML: the preprocessing is a TransformationDictionary and each cluster a centre; standard scorers \
      return the cluster (predicted value) and its segment (the cluster's name). JSON: the model as the \
      workspace stores it, described in docs/scale.md.
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The segmentation.")
  var name: String

  @Option(help: "Version (default: the latest).")
  var version: Int?

  @Option(help: "pmml or json.")
  var format: ExportModelWorkflow.Format = .pmml

  @Option(help: "Write the model to this file (default: standard output).")
  var out: String?

  func validate() throws { try Console.checkStandardOutput(out, json: global.json) }

  func run() async throws {
    let output = try ExportModelWorkflow(name: name, version: version, format: format, out: out).run(global.context())
    if global.json { return try Console.json(output) }
    CompileTargetOptions.report(output.text, file: output.file) { file in
      "Wrote \(output.segmentation) version \(output.version) (\(output.features) features, \(output.clusters) "
        + "clusters) as \(format == .pmml ? "PMML 4.4" : "a Segmenta model file") to \(file)."
    }
  }
}
