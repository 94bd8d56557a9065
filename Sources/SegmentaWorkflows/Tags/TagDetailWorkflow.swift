import SegmentaCore
import SegmentaIO
import SegmentaStore

/// One tag in full: its definition, every apply with the customers it gained and lost, and (once applied)
/// the profile of the customers carrying it against everyone (see ``ShowTagWorkflow``).
package struct TagDetailWorkflow: Workflow {
  /// One apply of the tag.
  package struct Version: Sendable, Codable, Equatable {
    package var version: Int
    package var appliedAt: String
    /// The rule the apply computed.
    package var rule: String
    /// Customers in the workspace at the apply.
    package var customers: Int
    /// Customers tagged.
    package var count: Int
    /// Tagged ÷ customers.
    package var coverage: Double
    /// Customers newly tagged since the previous apply.
    package var gained: Int
    /// Customers no longer tagged since the previous apply.
    package var lost: Int
  }

  package struct Output: Sendable, Codable {
    /// The definition and its latest apply, as the tag list shows it.
    package var tag: ListTagsWorkflow.Entry
    /// Every apply, the first one first.
    package var versions: [Version]
    /// Who carries the tag (at `version`, default the latest apply); nil while it was never applied.
    package var report: TagReport?
  }

  package var name: String
  /// The apply version profiled (default: the latest).
  package var version: Int?
  /// The wide-table period whose features are profiled (default: the latest).
  package var period: String?
  /// A profile spec (YAML) for KPI lines and categorical columns.
  package var specPath: String?

  package init(name: String, version: Int? = nil, period: String? = nil, specPath: String? = nil) {
    self.name = name
    self.version = version
    self.period = period
    self.specPath = specPath
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace(for: .read)
    guard let stored = try workspace.tags().first(where: { $0.definition.name == name }) else {
      throw SegmentaError(.notFound, "no tag '\(name)'; define it with `segmenta tags define`", field: "name")
    }
    let versions = try workspace.tagVersions(name).map { applied in
      Version(
        version: applied.version, appliedAt: applied.appliedAt, rule: applied.rule, customers: applied.customers,
        count: applied.change.count,
        coverage: applied.customers > 0 ? Double(applied.change.count) / Double(applied.customers) : 0,
        gained: applied.change.gained, lost: applied.change.lost)
    }.sorted { $0.version < $1.version }
    if let version, !versions.contains(where: { $0.version == version }) {
      throw SegmentaError(.notFound, "tag '\(name)' has no apply version \(version)", field: "version")
    }
    var report: TagReport?
    if stored.latest != nil {
      let name = name
      let version = version
      let period = period
      let specPath = specPath
      report = try SegmentaError.catching {
        let spec =
          try specPath.map { path throws(SpecFileError) in try ProfileSpecParser.load(path: path) }
          ?? ProfileSpec(playbook: Playbook(rules: []))
        return try ShowTagWorkflow.report(
          workspace: workspace, name: name, version: version, period: period, spec: spec)
      }
    }
    return Output(tag: ListTagsWorkflow.Entry(stored), versions: versions, report: report)
  }
}
