import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta compile model NAME`: a stored segmentation as one SQL query for Spark, PostgreSQL or DuckDB
/// (see ``ModelSQL``), written to a file or returned.
package struct CompileModelWorkflow: Workflow {
  /// The segmentation.
  package var name: String
  /// Its version (default: the latest).
  package var version: Int?
  package var target: SQLDialect
  /// The table holding `customer_id` and the feature columns.
  package var table: String
  /// The file to write (`-` standard output); nil returns the text only.
  package var out: String?
  /// Whether the rows come sorted by customer (`segmenta spark score`, writing every customer, needs no sort).
  package var ordered: Bool

  package init(
    name: String, version: Int? = nil, target: SQLDialect, table: String = "features", out: String? = nil,
    ordered: Bool = true
  ) {
    self.name = name
    self.version = version
    self.target = target
    self.table = table
    self.out = out
    self.ordered = ordered
  }

  package struct Output: Sendable, Codable {
    package var segmentation: String
    package var version: Int
    package var target: SQLDialect
    package var table: String
    /// The columns the query reads besides `customer_id`, in model order.
    package var features: [String]
    package var clusters: Int
    package var segments: Int
    /// The file written, if any.
    package var file: String?
    package var sql: String
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SQLDialect.checkTableName(table, field: "table")
    let target = try out.map { path throws(SegmentaError) in try context.checkOutput(path, option: "--out") }
    let stored = try CompiledSegmentation.load(name: name, version: version, context: context)
    let sql = ModelSQL(
      name: stored.name, version: stored.version, model: stored.model,
      segmentNames: stored.displayNames.map(SegmentNames.combined)
    ).query(table: table, dialect: self.target, ordered: ordered)
    if let target { try TextOutput.write(sql, to: target) }
    return Output(
      segmentation: stored.name, version: stored.version, target: self.target, table: table,
      features: stored.model.features.map(\.name), clusters: stored.model.k, segments: stored.model.segmentCount,
      file: out, sql: sql)
  }
}

/// `segmenta export-model NAME`: a stored segmentation as a PMML 4.4 ClusteringModel or as Segmenta's own
/// model file (JSON), written to a file or returned.
package struct ExportModelWorkflow: Workflow {
  package enum Format: String, Sendable, Codable, CaseIterable {
    case pmml
    case json
  }

  package var name: String
  package var version: Int?
  package var format: Format
  /// The file to write (`-` standard output); nil returns the text only.
  package var out: String?

  package init(name: String, version: Int? = nil, format: Format, out: String? = nil) {
    self.name = name
    self.version = version
    self.format = format
    self.out = out
  }

  package struct Output: Sendable, Codable {
    package var segmentation: String
    package var version: Int
    package var format: Format
    package var features: Int
    package var clusters: Int
    package var file: String?
    package var text: String
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let target = try out.map { path throws(SegmentaError) in try context.checkOutput(path, option: "--out") }
    let stored = try CompiledSegmentation.load(name: name, version: version, context: context)
    let text: String
    switch format {
    case .pmml:
      text = ModelPMML(
        name: stored.name, version: stored.version, model: stored.model,
        segmentNames: stored.displayNames.map(SegmentNames.combined), application: SegmentaVersion.current
      ).document()
    case .json:
      let file = ModelFile(
        segmentation: stored.name, version: stored.version, period: stored.period,
        segmentNames: stored.displayNames, model: stored.model)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      encoder.keyEncodingStrategy = .convertToSnakeCase
      encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
      text = String(decoding: try SegmentaError.catching { try encoder.encode(file) }, as: UTF8.self) + "\n"
    }
    if let target { try TextOutput.write(text, to: target) }
    return Output(
      segmentation: stored.name, version: stored.version, format: format, features: stored.model.features.count,
      clusters: stored.model.k, file: out, text: text)
  }

  /// Segmenta's model file: the segmentation, its segments' names and the model (preprocessing, centres,
  /// merging, quality), as docs/scale.md describes it.
  struct ModelFile: Encodable {
    var format = "segmenta-model"
    var formatVersion = 1
    var segmentation: String
    var version: Int
    var period: String?
    var segmentNames: [FeatureLabel]
    var model: SegmentationModel
  }
}

/// A stored segmentation that compiles: made by k-means or a map, so every customer goes to the nearest
/// centre.
enum CompiledSegmentation {
  static func load(name: String, version: Int?, context: WorkflowContext) throws(SegmentaError) -> StoredSegmentation {
    let stored = try context.workspace(for: .read).segmentation(named: name, version: version, customers: false)
    guard ModelSQL.compiles(stored.model) else {
      throw SegmentaError(
        .invalidRequest,
        "segmentation '\(stored.name)' was made by \(stored.model.method), which does not assign customers to the "
          + "nearest centre; compile a segmentation made by k-means or a self-organising map")
    }
    return stored
  }
}
