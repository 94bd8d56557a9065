import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta value retention`: customers crossed by two or three segmentations (by default value
/// tier × churn-risk band, the retention matrix: who to save first), with a value column summed per
/// cell, the value at risk (Σ value × churn probability) and KPI means.
package struct RetentionWorkflow: Workflow {
  /// The segmentations crossed, two or three (for example `demo,value_tier,churn_risk`).
  package var dimensions: [String]
  /// The value column summed per cell (any numeric rule field: `clv_12m`, `total_value`, `arpu`);
  /// nil for counts only.
  package var value: String?
  /// The churn probability per customer (any numeric rule field in [0, 1]); nil for no value at risk.
  package var churn: String?
  /// Numeric fields whose mean per cell is shown.
  package var kpis: [String]

  package init(
    dimensions: [String] = ["value_tier", "churn_risk"], value: String? = "clv_12m", churn: String? = "churn_score",
    kpis: [String] = []
  ) {
    self.dimensions = dimensions
    self.value = value
    self.churn = churn
    self.kpis = kpis
  }

  /// The cross table and what it was built from.
  package struct Output: Sendable, Codable, Equatable {
    package var dimensions: [String]
    package var value: String?
    package var churn: String?
    package var table: CrossTable
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    guard (2...3).contains(dimensions.count), Set(dimensions).count == dimensions.count else {
      throw SegmentaError(
        .invalidRequest, "cross two or three different segmentations, such as value_tier,churn_risk",
        field: "dimensions")
    }
    let workspace = try context.workspace()
    context.progress.report(.status("crossing", dimensions.joined(separator: " × ")))
    let data = try WorkspaceRuleData(workspace: workspace)
    var crossed: [(name: String, labels: [String], assignment: [Int32])] = []
    for name in dimensions {
      guard data.schema.segmentations[name] != nil else {
        let known = data.schema.segmentations.keys.sorted()
        throw SegmentaError(
          .notFound,
          "there is no segmentation '\(name)'"
            + (name == "value_tier" ? " (make it with `segmenta value pareto`)" : "")
            + (name == "churn_risk" ? " (make it with `segmenta churn score`)" : "")
            + (known.isEmpty ? "" : "; the workspace has: \(known.joined(separator: ", "))"), field: "dimensions")
      }
      let labels = try workspace.segmentation(named: name, customers: false).displayNames.map(SegmentNames.combined)
      let segments = try SegmentaError.catching { try data.segments(name) }
      crossed.append((name, labels, segments.map { $0 - 1 }))
    }
    let values = try value.map { (field) throws(SegmentaError) in try data.numbers(field, option: "value") }
    let probabilities = try churn.map { (field) throws(SegmentaError) in try data.numbers(field, option: "churn") }
    if let probabilities, probabilities.contains(where: { !$0.isNaN && ($0 < 0 || $0 > 1) }) {
      throw SegmentaError(
        .invalidRequest, "'\(churn ?? "")' holds values outside 0…1, so it is not a churn probability",
        field: "churn")
    }
    var kpiColumns: [(name: String, values: [Double])] = []
    for kpi in kpis { kpiColumns.append((kpi, try data.numbers(kpi, option: "kpis"))) }
    let table = CrossTable.build(
      dimensions: crossed, value: values, churnProbability: values == nil ? nil : probabilities, kpis: kpiColumns)
    return Output(dimensions: dimensions, value: value, churn: values == nil ? nil : churn, table: table)
  }
}
