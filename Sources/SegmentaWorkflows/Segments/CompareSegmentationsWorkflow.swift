import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta segments compare A B`: two segmentations (or two versions of one) of the same customers
/// side by side: the cross-table, the adjusted Rand index and the best matching of their segments.
package struct CompareSegmentationsWorkflow: Workflow {
  /// The first segmentation and its version (default: the latest).
  package var first: String
  package var firstVersion: Int?
  /// The second segmentation and its version (default: the latest).
  package var second: String
  package var secondVersion: Int?

  package init(first: String, firstVersion: Int? = nil, second: String, secondVersion: Int? = nil) {
    self.first = first
    self.firstVersion = firstVersion
    self.second = second
    self.secondVersion = secondVersion
  }

  /// One side of the comparison.
  package struct Side: Sendable, Codable, Equatable {
    package var name: String
    package var version: Int
    package var period: String?
    package var customers: Int
    package var segments: [FeatureLabel]
  }

  /// What `segments compare` found.
  package struct Output: Sendable, Codable, Equatable {
    package var first: Side
    package var second: Side
    /// Customers per (first segment, second segment), 0-based, among those both cover.
    package var table: [[Int]]
    package var common: Int
    /// Customers only the first covers, by its segment; customers only the second covers, by its.
    package var onlyFirst: [Int]
    package var onlySecond: [Int]
    package var adjustedRandIndex: Double?
    package var matches: [SegmentComparison.Match]
    package var matchedShare: Double
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace(for: .read)
    context.progress.report(.status("comparing", "\(first) and \(second)"))
    let a = try workspace.segmentation(named: first, version: firstVersion)
    let b = try workspace.segmentation(named: second, version: secondVersion)
    let comparison = SegmentComparison(
      firstKeys: a.customerKeys, firstGroups: a.groups, firstSegments: a.model.segmentCount,
      secondKeys: b.customerKeys, secondGroups: b.groups, secondSegments: b.model.segmentCount)
    guard comparison.table.common > 0 else {
      throw SegmentaError(
        .insufficientData,
        "'\(a.name)' version \(a.version) and '\(b.name)' version \(b.version) share no customer; compare "
          + "segmentations of the same customers")
    }
    func side(_ stored: StoredSegmentation) -> Side {
      Side(
        name: stored.name, version: stored.version, period: stored.period, customers: stored.customerKeys.count,
        segments: stored.displayNames)
    }
    return Output(
      first: side(a), second: side(b), table: comparison.table.flows, common: comparison.table.common,
      onlyFirst: comparison.table.exitsBySegment, onlySecond: comparison.table.entriesBySegment,
      adjustedRandIndex: comparison.adjustedRandIndex.isFinite ? comparison.adjustedRandIndex : nil,
      matches: comparison.matches, matchedShare: comparison.matchedShare)
  }
}
