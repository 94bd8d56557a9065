import ArgumentParser
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

extension SQLDialect: ExpressibleByArgument {}
extension ExportModelWorkflow.Format: ExpressibleByArgument {}

/// `segmenta compile`: what the analyst defined, as SQL for Spark, PostgreSQL or DuckDB.
struct CompileCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compile",
    abstract: "Turn stored definitions into SQL for Spark, PostgreSQL or DuckDB (see docs/scale.md).",
    subcommands: [Model.self, Rule.self, Tags.self, Profile.self])

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

    @Option(help: "spark, postgres or duckdb.")
    var target: SQLDialect = .duckdb

    @Option(help: "The table with customer_id and the feature columns (identifiers joined by dots).")
    var table: String = "features"

    @Option(help: "Write the SQL to this file (default: standard output).")
    var out: String?

    func validate() throws { try Console.checkStandardOutput(out, json: global.json) }

    func run() async throws {
      let output = try CompileModelWorkflow(name: name, version: version, target: target, table: table, out: out)
        .run(global.context())
      if global.json { return try Console.json(output) }
      guard let file = output.file else { return Console.out(String(output.sql.dropLast())) }
      Console.summary(
        "Compiled \(output.segmentation) version \(output.version) (\(output.features.count) features, "
          + "\(output.clusters) clusters, \(output.segments) segments) for \(target.title) over \(table) to \(file).",
        dataTo: file)
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

    @Option(help: "spark, postgres or duckdb.")
    var target: SQLDialect = .duckdb

    @Option(help: "The table with customer_id and the fields the rule reads.")
    var table: String = "customers"

    @Option(help: "The table of tag memberships (customer_id, tag).")
    var tagTable: String = "customer_tags"

    @Option(help: "The wide-table period the rule is checked against (default: the latest).")
    var period: String?

    @Option(help: "Write the SQL to this file (default: standard output).")
    var out: String?

    func validate() throws { try Console.checkStandardOutput(out, json: global.json) }

    func run() async throws {
      let output = try CompileRuleWorkflow(
        rule: rule, target: target, table: table, tagTable: tagTable, period: period, out: out
      ).run(global.context())
      if global.json { return try Console.json(output) }
      guard let file = output.file else { return Console.out(String(output.sql.dropLast())) }
      Console.summary(
        "Compiled the rule for \(target.title) over \(table) (\(output.fields.count) fields, "
          + "\(output.segmentations.count) segmentations, \(output.tags.count) tags) to \(file).", dataTo: file)
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

    @Option(help: "spark, postgres or duckdb.")
    var target: SQLDialect = .duckdb

    @Option(help: "The table with customer_id and the fields the rules read.")
    var table: String = "customers"

    @Option(help: "The tag table the script creates and fills (customer_id, tag).")
    var tagTable: String = "customer_tags"

    @Option(help: "The wide-table period the rules are checked against (default: the latest).")
    var period: String?

    @Option(help: "Write the SQL to this file (default: standard output).")
    var out: String?

    func validate() throws { try Console.checkStandardOutput(out, json: global.json) }

    func run() async throws {
      let output = try CompileTagsWorkflow(target: target, table: table, tagTable: tagTable, period: period, out: out)
        .run(global.context())
      if global.json { return try Console.json(output) }
      guard let file = output.file else { return Console.out(String(output.sql.dropLast())) }
      Console.summary(
        "Compiled \(output.tags.count) tags for \(target.title) over \(table) into \(tagTable) to \(file).",
        dataTo: file)
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

    @Option(help: "spark, postgres or duckdb.")
    var target: SQLDialect = .duckdb

    @Option(help: "The table with customer_id and the feature columns (identifiers joined by dots).")
    var table: String = "features"

    @Option(help: "The table with customer_id and segment (1-based).")
    var scores: String = "scores"

    @Option(help: "The table with customer_id and the customer columns categories and KPIs read.")
    var customers: String = "customers"

    @Option(help: "A profile spec (YAML): KPIs and categories.")
    var spec: String?

    @Option(help: "Write the SQL to this file (default: standard output).")
    var out: String?

    func validate() throws { try Console.checkStandardOutput(out, json: global.json) }

    func run() async throws {
      let output = try CompileProfileWorkflow(
        name: name, version: version, target: target,
        tables: ProfileSQL.Tables(features: table, scores: scores, customers: customers), specPath: spec, out: out
      ).run(global.context())
      if global.json { return try Console.json(output) }
      guard let file = output.file else { return Console.out(String(output.sql.dropLast())) }
      Console.summary(
        "Compiled the profile statistics of \(output.segmentation) version \(output.version) "
          + "(\(output.features.count) features, \(output.categories.count) categories, \(output.kpis) KPIs, "
          + "\(output.segments) segments) for \(target.title) to \(file).",
        dataTo: file)
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
    guard let file = output.file else { return Console.out(String(output.text.dropLast())) }
    Console.summary(
      "Wrote \(output.segmentation) version \(output.version) (\(output.features) features, \(output.clusters) "
        + "clusters) as \(format == .pmml ? "PMML 4.4" : "a Segmenta model file") to \(file).",
      dataTo: file)
  }
}
