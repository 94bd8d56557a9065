import SegmentaCore
import SegmentaStore

/// The names a segmentation version's segments are shown by now: the analyst's where given, else the
/// automatic ones (the segment explorer lays them over its cached profile report).
package struct SegmentNamesWorkflow: Workflow {
  package struct Output: Sendable, Codable, Equatable {
    package var segmentation: String
    package var version: Int
    /// Each segment's name, by 0-based segment.
    package var names: [FeatureLabel]
    /// The 1-based segments the analyst named.
    package var renamed: [Int]
  }

  /// The segmentation.
  package var name: String
  /// Its version (default: the latest).
  package var version: Int?

  package init(name: String, version: Int? = nil) {
    self.name = name
    self.version = version
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let stored = try context.workspace(for: .read).segmentation(named: name, version: version, customers: false)
    return Output(
      segmentation: stored.name, version: stored.version, names: stored.displayNames,
      renamed: stored.customNames.keys.sorted())
  }
}
