import SegmentaCore
import SegmentaStore

/// `segmenta tags list`: every tag in definition order with its latest apply.
package struct ListTagsWorkflow: Workflow {
  /// One tag's line.
  package struct Entry: Sendable, Codable {
    package var name: String
    package var family: String?
    package var category: String
    package var label: FeatureLabel
    package var description: String
    package var rule: String
    /// Bumped whenever the definition changes.
    package var revision: Int
    /// The latest apply's version, nil when never applied.
    package var version: Int?
    package var appliedAt: String?
    /// Customers tagged at the latest apply.
    package var count: Int?
    /// Tagged ÷ customers at the latest apply.
    package var coverage: Double?
    /// Whether the definition changed since the latest apply, or the tag was never applied.
    package var stale: Bool
  }

  package init() {}

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> [Entry] {
    try context.workspace(for: .read).tags().map(Entry.init)
  }
}

extension ListTagsWorkflow.Entry {
  /// The line of `tag`.
  init(_ tag: StoredTag) {
    self.init(
      name: tag.definition.name, family: tag.definition.family, category: tag.definition.category.rawValue,
      label: tag.definition.label, description: tag.definition.description, rule: tag.definition.rule,
      revision: tag.revision, version: tag.latest?.version, appliedAt: tag.latest?.appliedAt,
      count: tag.latest?.change.count,
      coverage: tag.latest.map { $0.customers > 0 ? Double($0.change.count) / Double($0.customers) : 0 },
      stale: tag.latest.map { $0.rule != tag.definition.rule } ?? true)
  }
}
