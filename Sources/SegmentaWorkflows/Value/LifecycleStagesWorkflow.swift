import SegmentaCore
import SegmentaStore

/// The latest stored lifecycle stages (`segmenta value lifecycle`'s segmentation): customers and share
/// per stage, the tag that selects each, and the customers without a stage; nil before the first run.
package struct LifecycleStagesWorkflow: Workflow {
  /// The segmentation's name (`value lifecycle`'s default).
  package var name: String

  /// Reads the stages of segmentation `name`.
  package init(name: String = "lifecycle") {
    self.name = name
  }

  /// The stored stages.
  package struct Stages: Sendable, Codable, Equatable {
    /// The segmentation holding the stages.
    package var segmentation: String
    /// Its latest version, the one shown.
    package var version: Int
    /// When the stages were stored, ISO 8601 in UTC.
    package var createdAt: String
    /// How they were made: the tenure and usage fields, the periods compared and the thresholds.
    package var notes: [String]
    /// Every stage in the order of ``LifecycleStage``, with its customers, share and tag.
    package var stages: [LifecycleWorkflow.Output.Stage]
    /// Customers of the workspace without a stage (no usage in a period, or imported since).
    package var unknown: Int
    /// Customers of the workspace.
    package var customers: Int
  }

  /// The stages of the latest version, or nil when there is no such segmentation made by `value lifecycle`.
  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Stages? {
    let workspace = try context.workspace(for: .read)
    guard try workspace.segmentations().contains(where: { $0.name == name }) else { return nil }
    let stored = try workspace.segmentation(named: name, customers: false)
    let all = LifecycleStage.allCases
    let sizes = stored.model.groupSizes
    // Only a segmentation `value lifecycle` made has one segment per stage.
    guard stored.model.method == "lifecycle", sizes.count == all.count else { return nil }
    let placed = sizes.reduce(0, +)
    let customers = max(placed, try workspace.customerCount())
    let labels = stored.displayNames
    return Stages(
      segmentation: name, version: stored.version, createdAt: stored.createdAt, notes: stored.model.notes,
      stages: all.enumerated().map { index, stage in
        LifecycleWorkflow.Output.Stage(
          stage: stage, label: labels[index], customers: sizes[index],
          share: placed > 0 ? Double(sizes[index]) / Double(placed) : 0, tag: "\(name)_\(stage.rawValue)")
      }, unknown: customers - placed, customers: customers)
  }
}
