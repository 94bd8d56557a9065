import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta value rfm`: recency, frequency and monetary scores per customer, the RFM grid's segment
/// of each, stored as score columns of the value table and as segmentation `rfm`.
package struct RFMWorkflow: Workflow {
  /// Score bins (5: quintiles).
  package var bins: Int
  /// An edited grid (YAML); nil uses the default.
  package var gridPath: String?
  /// The segmentation's name.
  package var name: String

  package init(bins: Int = 5, gridPath: String? = nil, name: String = "rfm") {
    self.bins = bins
    self.gridPath = gridPath
    self.name = name
  }

  /// One segment of the grid with its customers.
  package struct Segment: Sendable, Codable, Equatable {
    package var id: Int
    package var name: FeatureLabel
    package var customers: Int
    package var share: Double
    package var totalValue: Double
    package var meanRecencyDays: Double?
    package var meanFrequency: Double?
  }

  /// What `value rfm` found and stored.
  package struct Output: Sendable, Codable, Equatable {
    package var table: String
    package var segmentation: String
    package var version: Int
    package var bins: Int
    package var customers: Int
    package var segments: [Segment]
    /// Customers by recency score (rows 1…bins) and frequency score (columns 1…bins).
    package var grid: [[Int]]
    /// The grid's segment (1-based) of each cell of the 5 × 5 recency × frequency table.
    package var gridSegments: [[Int]]
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SegmentaError.catching { try score(context) }
  }

  private func score(_ context: WorkflowContext) throws -> Output {
    guard (2...10).contains(bins) else { throw SegmentaError(.invalidRequest, "--bins takes 2 to 10, not \(bins)") }
    let grid: RFMGrid
    if let gridPath {
      grid = try RFMGridSpec.parse(try SpecFile.text(at: gridPath, what: "the RFM grid"), file: gridPath)
    } else {
      grid = RFMGridSpec.defaultGrid
    }
    let workspace = try context.workspace()
    let table = try workspace.valueTable()
    let days = table.columns["days_since_last"] ?? []
    let frequency = (table.columns["frequency"] ?? []).map { $0 + 1 }
    let monetary = table.columns["total_value"] ?? []
    let scores = RFMScoring(bins: bins).score(daysSinceLast: days, frequency: frequency, monetary: monetary)
    let groups = grid.assign(scores)
    try workspace.saveValueColumns(
      [
        ("r_score", scores.recency.map(Double.init)), ("f_score", scores.frequency.map(Double.init)),
        ("m_score", scores.monetary.map(Double.init)), ("rfm_score", scores.combined),
      ], table: table.id)
    let labels = grid.cells.map(\.label)
    let version = try ValueSegmentation.save(
      name: name, method: "rfm", workspace: workspace, keys: table.customerKeys, groups: groups, labels: labels,
      features: [
        ("days_since_last", "value", FeatureLabel(zh: "距上次购买天数", en: "Days since last purchase"), days),
        ("frequency", "value", FeatureLabel(zh: "重复购买次数", en: "Repeat purchases"), table.columns["frequency"] ?? []),
        ("total_value", "value", FeatureLabel(zh: "总消费", en: "Total value"), monetary),
      ],
      notes: ["RFM grid of \(bins) score bins on the value table \(table.info.label); see docs/value.md"])
    var segments: [Segment] = []
    for (index, label) in labels.enumerated() {
      let rows = groups.indices.filter { groups[$0] == Int32(index) }
      func mean(_ values: [Double]) -> Double? {
        rows.isEmpty ? nil : rows.reduce(0) { $0 + values[$1] } / Double(rows.count)
      }
      segments.append(
        Segment(
          id: index + 1, name: label, customers: rows.count, share: Double(rows.count) / Double(max(1, groups.count)),
          totalValue: rows.reduce(0) { $0 + monetary[$1] }, meanRecencyDays: mean(days),
          meanFrequency: mean(table.columns["frequency"] ?? [])))
    }
    var counts = [[Int]](repeating: [Int](repeating: 0, count: bins), count: bins)
    for i in scores.recency.indices where scores.recency[i] > 0 && scores.frequency[i] > 0 {
      counts[Int(scores.recency[i]) - 1][Int(scores.frequency[i]) - 1] += 1
    }
    let output = Output(
      table: table.info.label, segmentation: name, version: version, bins: bins, customers: groups.count,
      segments: segments, grid: counts, gridSegments: grid.table.map { $0.map { $0 + 1 } })
    try workspace.saveValueResult(try ValueResults.encode(output), kind: "rfm", table: table.id)
    return output
  }
}
