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
    subcommands: [Model.self])

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
