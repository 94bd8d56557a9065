import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta spark score NAME`: a stored segmentation's compiled query (``CompileModelWorkflow`` for Spark) run over
/// the whole wide table on Spark, writing `customer_id`, `cluster`, `segment`, `segment_name` for every customer,
/// then counting the customers of each segment.
package struct SparkScoreWorkflow: Workflow {
  package var name: String
  /// The segmentation's version (default: the latest).
  package var version: Int?
  /// The wide table: `customer_id` and the feature columns, as `segmenta features export` writes them.
  package var features: String
  /// Where the scores go.
  package var out: String
  package var options: SparkOptions

  package init(name: String, version: Int? = nil, features: String, out: String, options: SparkOptions) {
    self.name = name
    self.version = version
    self.features = features
    self.out = out
    self.options = options
  }

  /// One segment and its customers.
  package struct SegmentCount: Sendable, Codable, Equatable {
    package var segment: Int
    package var name: String
    package var customers: Int
  }

  package struct Output: Sendable, Codable {
    package var segmentation: String
    package var version: Int
    package var features: SparkTable
    package var out: SparkTable
    /// Customers scored.
    package var rows: Int
    package var segments: [SegmentCount]
    package var run: SparkRun
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let input = options.table(features)
    let output = options.table(out)
    try input.check(option: "--features")
    try output.check(option: "--out")
    try SparkOutputs.check(output, option: "--out", inputs: [input], options: options, context: context)
    let stored = try context.workspace(for: .read).segmentation(named: name, version: version, customers: false)
    let compiled = try CompileModelWorkflow(
      name: name, version: version, target: .spark, table: SparkScript.reference(input, view: "features"),
      ordered: false
    ).run(context)
    let runner = try SparkRunner(options: options, context: context)
    var script = SparkScript(
      title: "Scores every customer of \(features) with segmentation '\(compiled.segmentation)' version "
        + "\(compiled.version) into \(out).")
    let columns =
      input.format == .csv
      ? try SparkOutputs.featureColumns(period: stored.period, fallback: compiled.features, context: context) : nil
    script.read(input, as: "features", columns: columns)
    script.write(compiled.sql, to: output, replace: options.replace, step: "scoring every customer")
    script.read(
      output, as: "scores",
      columns: [("customer_id", "STRING"), ("cluster", "INT"), ("segment", "INT"), ("segment_name", "STRING")])
    script.select(
      "segment", columns: "`segment`, `segment_name`, COUNT(*)",
      from: "FROM \(SQLDialect.spark.table(SparkScript.reference(output, view: "scores"))) "
        + "GROUP BY `segment`, `segment_name` ORDER BY `segment`",
      step: "counting customers per segment")
    let run = try runner.run(script, name: "score")
    let segments = run.rows("segment").compactMap { row -> SegmentCount? in
      guard row.count == 3, let segment = Int(row[0]), let customers = Int(row[2]) else { return nil }
      return SegmentCount(segment: segment, name: row[1], customers: customers)
    }
    return Output(
      segmentation: compiled.segmentation, version: compiled.version, features: input, out: output,
      rows: segments.reduce(0) { $0 + $1.customers }, segments: segments, run: run)
  }
}

/// Checks and layouts the `segmenta spark` commands share.
enum SparkOutputs {
  /// Refuses an output that would destroy something: a local folder that is, holds or lies inside the workspace
  /// or an input, or exists (without `--replace`); a catalogue table that is also an input.
  static func check(
    _ output: SparkTable, option: String, inputs: [SparkTable], options: SparkOptions, context: WorkflowContext
  ) throws(SegmentaError) {
    if output.isLocalPath {
      try context.checkOutputFolder(
        output.location, option: option, inputs: inputs.filter(\.isLocalPath).map(\.location),
        replace: options.replace)
    }
    if let same = inputs.first(where: { $0 == output }) {
      throw SegmentaError(
        .invalidRequest,
        "\(option) '\(output.location)' is an input of this command (\(same.location)); "
          + "writing there would destroy it. Choose another \(output.isPath ? "folder" : "table").", field: option)
    }
  }

  /// The schema of a wide table held as CSV, as `segmenta features export` writes period `period`:
  /// `customer_id` as text and every feature as a 64-bit float; `fallback` names the features when the workspace
  /// no longer holds the period.
  static func featureColumns(period: String?, fallback: [String], context: WorkflowContext) throws(SegmentaError)
    -> [(name: String, type: String)]
  {
    let names =
      (try? context.workspace(for: .read).wideTable(period: period).features.map(\.name)) ?? fallback
    return [("customer_id", "STRING")] + names.map { ($0, "DOUBLE") }
  }
}
