import SegmentaCore
import SegmentaStore

/// What the workspace holds, at a glance: customers and their columns, wide-table periods, the latest
/// version of each segmentation, tags, products, the campaigns the user may see and the team's size.
///
/// Only reads; the overview page and `GET /api/v1/status` show it.
package struct WorkspaceStatusWorkflow: Workflow {
  /// A customer column: its name, type and whether it holds personal data.
  package struct Column: Sendable, Codable, Equatable {
    package var name: String
    package var type: ColumnType
    package var personal: Bool
  }

  /// The latest version of one segmentation.
  package struct Segmentation: Sendable, Codable, Equatable {
    package var name: String
    /// The latest version (what commands and pages read by default).
    package var version: Int
    /// Versions stored.
    package var versions: Int
    /// Customers segmented by the latest version.
    package var customers: Int
    /// Segments of the latest version.
    package var segments: Int
    /// The wide-table period of its features, if any.
    package var period: String?
    package var createdAt: String
  }

  /// How many tags are defined and how many of them were applied.
  package struct Tags: Sendable, Codable, Equatable {
    package var defined: Int
    package var applied: Int
  }

  package struct Output: Sendable, Codable, Equatable {
    /// Customers in the workspace.
    package var customers: Int
    /// The customer columns, in catalogue order.
    package var columns: [Column]
    /// The wide-table periods, oldest first.
    package var periods: [PeriodInfo]
    /// Every segmentation by name, with its latest version.
    package var segmentations: [Segmentation]
    package var tags: Tags
    /// Products in the catalogue.
    package var products: Int
    /// Campaigns the user may see.
    package var campaigns: Int
    /// Users of the team (enabled or not).
    package var users: Int
  }

  package init() {}

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace(for: .read)
    let versions = try workspace.segmentationVersions()
    var counts: [String: Int] = [:]
    for summary in versions { counts[summary.name, default: 0] += 1 }
    let segmentations = versions.filter(\.latest).map { summary in
      Segmentation(
        name: summary.name, version: summary.version, versions: counts[summary.name] ?? 1,
        customers: summary.customers, segments: summary.segments, period: summary.period,
        createdAt: summary.createdAt)
    }
    let tags = try workspace.tags()
    return Output(
      customers: try workspace.customerCount(),
      columns: try workspace.customerColumns().map { Column(name: $0.name, type: $0.type, personal: $0.personal) },
      periods: try workspace.periods(), segmentations: segmentations,
      tags: Tags(defined: tags.count, applied: tags.filter { $0.latest != nil }.count),
      products: try workspace.products().count, campaigns: try workspace.campaigns().filter(context.maySee).count,
      users: try workspace.users().count)
  }
}
