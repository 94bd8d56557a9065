import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta spark profile NAME`: the statistics of a segmentation's profile computed on Spark over every
/// customer (``CompileProfileWorkflow`` for Spark: sizes, sums, scaled sums and squares, medians with
/// `percentile_approx`, top categories, KPI inputs), brought back as a small CSV file and rendered locally as the
/// usual report (``ProfileWorkflow`` from statistics).
package struct SparkProfileWorkflow: Workflow {
  package var name: String
  /// The segmentation's version (default: the latest).
  package var version: Int?
  /// The wide table: `customer_id` and the feature columns, as `segmenta features export` writes them.
  package var features: String
  /// Every customer's segment: `customer_id`, `cluster`, `segment`, as `segmenta spark score` writes them.
  package var scores: String
  /// `customer_id` and the customer columns the categories and KPIs read.
  package var customers: String
  /// A profile spec (YAML): KPIs, categories, playbook.
  package var specPath: String?
  package var format: ProfileWorkflow.Format
  /// The report file (nil: the report is returned only).
  package var out: String?
  package var options: SparkOptions

  package init(
    name: String, version: Int? = nil, features: String, scores: String, customers: String,
    specPath: String? = nil, format: ProfileWorkflow.Format = .html, out: String? = nil, options: SparkOptions
  ) {
    self.name = name
    self.version = version
    self.features = features
    self.scores = scores
    self.customers = customers
    self.specPath = specPath
    self.format = format
    self.out = out
    self.options = options
  }

  package struct Output: Sendable {
    package var profile: ProfileWorkflow.Output
    /// The statistics file the report was built from (in the work folder).
    package var statistics: String
    /// Rows of the statistics.
    package var rows: Int
    package var run: SparkRun
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let featureTable = options.table(features)
    let scoreTable = options.table(scores)
    let customerTable = options.table(customers)
    try featureTable.check(option: "--features")
    try scoreTable.check(option: "--scores")
    try customerTable.check(option: "--customers")
    if let out { _ = try context.checkOutput(out, option: "--out", inputs: [specPath]) }
    let stored = try context.workspace(for: .read).segmentation(named: name, version: version, customers: false)
    let compiled = try CompileProfileWorkflow(
      name: name, version: version, target: .spark,
      tables: ProfileSQL.Tables(
        features: SparkScript.reference(featureTable, view: "features"),
        scores: SparkScript.reference(scoreTable, view: "scores"),
        customers: SparkScript.reference(customerTable, view: "customers")),
      specPath: specPath
    ).run(context)
    let runner = try SparkRunner(options: options, context: context)
    let folder = try runner.folder(for: "profile")
    let statisticsFolder = SparkTable(folder + "/statistics", format: .csv)
    var script = SparkScript(
      title: "Computes the profile statistics of segmentation '\(compiled.segmentation)' version "
        + "\(compiled.version) over \(features) and \(scores).")
    let columns =
      featureTable.format == .csv
      ? try SparkOutputs.featureColumns(period: stored.period, fallback: compiled.features, context: context) : nil
    script.read(featureTable, as: "features", columns: columns)
    script.read(
      scoreTable, as: "scores",
      columns: [("customer_id", "STRING"), ("cluster", "INT"), ("segment", "INT"), ("segment_name", "STRING")])
    script.read(customerTable, as: "customers")
    script.write(compiled.sql, to: statisticsFolder, replace: true, step: "computing the profile statistics")
    let run = try runner.run(script, name: "profile")
    let statistics = folder + "/statistics.csv"
    let rows = try Self.gather(folder: statisticsFolder.location, into: statistics)
    let profile = try ProfileWorkflow(
      name: compiled.segmentation, version: compiled.version, specPath: specPath, format: format, out: out,
      statistics: statistics
    ).run(context)
    return Output(profile: profile, statistics: statistics, rows: rows, run: run)
  }

  /// Joins the CSV parts Spark wrote into `folder` (each with its header line) into one file with one header;
  /// returns the number of data rows.
  static func gather(folder: String, into path: String) throws(SegmentaError) -> Int {
    do {
      let parts = try FileManager.default.contentsOfDirectory(atPath: folder)
        .filter { $0.hasPrefix("part-") && $0.hasSuffix(".csv") }.sorted()
      // Each part starts with the header line; the rest is kept byte for byte (a quoted value may hold a newline).
      var header: Substring?
      var body = ""
      for part in parts {
        let text = try String(contentsOfFile: folder + "/" + part, encoding: .utf8)
        guard let end = text.firstIndex(of: "\n") else { continue }
        if header == nil { header = text[..<end] }
        body += text[text.index(after: end)...]
      }
      guard let header else {
        throw SegmentaError(.invalidData, "Spark wrote no profile statistics into \(folder)")
      }
      try TextOutput.write(String(header) + "\n" + body, to: .file(path))
      let lines = body.split(separator: "\n", omittingEmptySubsequences: true)
      return lines.count
    } catch let error as SegmentaError {
      throw error
    } catch {
      throw SegmentaError(.invalidData, "cannot read the profile statistics Spark wrote into \(folder): \(error)")
    }
  }
}
