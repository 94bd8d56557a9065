import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta churn score`: every customer scored by the latest churn model, stored as the numeric
/// customer column `churn_score` and banded into the `churn_risk` segmentation.
package struct ChurnScoreWorkflow: Workflow {
  /// The model version (nil: the latest).
  package var version: Int?

  package init(version: Int? = nil) {
    self.version = version
  }

  /// The customer column the scores are stored in.
  package static let column = "churn_score"

  /// What `churn score --json` reports.
  package struct Output: Sendable, Encodable {
    /// The model version used.
    package var modelVersion: Int
    package var model: ChurnModelKind
    /// The customer column written.
    package var column: String
    package var customers: Int
    /// The mean churn score.
    package var meanScore: Double
    /// Customers per risk band.
    package var bands: [String: Int]
    /// The lowest score of the high and medium bands.
    package var thresholds: [String: Double]
    /// The segmentation of the bands and its version.
    package var segmentation: String
    package var segmentationVersion: Int
    package var seconds: Double
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let started = Date()
    let workspace = try context.workspace()
    context.progress.report(.status("scoring churn", "loading the model"))
    let stored = try workspace.churnModel(version: version)
    context.progress.report(.status("scoring churn", "loading features"))
    let inputs = try SegmentWorkflow.inputs(
      workspace: workspace, period: stored.period, features: .named(stored.features.map(\.name)))
    context.progress.report(.status("scoring churn", "scoring \(inputs.keys.count) customers"))
    var order = Array(inputs.keys.indices)
    if zip(inputs.keys, inputs.keys.dropFirst()).contains(where: { $0 >= $1 }) {
      order.sort { inputs.keys[$0] < inputs.keys[$1] }
    }
    let keys = order.map { inputs.keys[$0] }
    let scores = stored.model.scores(columns: try inputs.columns, rows: order)
    let groups = scores.map { Int32(ChurnRiskBand(score: $0).segment) }
    context.progress.report(.status("scoring churn", "saving"))
    try workspace.storeNumericColumn(Self.column, keys: keys, values: scores)
    let segmentationVersion = try SegmentaError.catching {
      try ValueSegmentation.save(
        name: ChurnRiskSegmentation.name, method: ChurnRiskSegmentation.name, period: stored.period,
        workspace: workspace, keys: keys, groups: groups, labels: ChurnRiskSegmentation.names,
        features: [(Self.column, "customer", FeatureLabel(zh: "流失倾向", en: "churn score"), scores)],
        notes: ChurnRiskSegmentation.notes,
        preprocessing: ChurnRiskSegmentation.preprocessing)
    }
    var bands: [String: Int] = [:]
    for band in ChurnRiskBand.allCases { bands[band.rawValue] = 0 }
    for group in groups { bands[ChurnRiskBand.allCases[Int(group)].rawValue, default: 0] += 1 }
    return Output(
      modelVersion: stored.version, model: stored.model.kind, column: Self.column, customers: keys.count,
      meanScore: scores.isEmpty ? .nan : scores.reduce(0, +) / Double(scores.count), bands: bands,
      thresholds: ["high": ChurnRiskBand.highThreshold, "medium": ChurnRiskBand.mediumThreshold],
      segmentation: ChurnRiskSegmentation.name, segmentationVersion: segmentationVersion,
      seconds: Date().timeIntervalSince(started))
  }
}
