import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta tags define`: adds or changes tags; every rule is checked (against the workspace with
/// the new definitions added, cycles refused) before anything is stored.
package struct DefineTagsWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    /// The tags the spec defines.
    package var defined: [String]
    /// Of them, those new or changed.
    package var changed: [String]
    /// Tags in the workspace afterwards.
    package var tags: Int
    /// The wide-table period the rules were checked against; nil when no wide table was built.
    package var period: String?
  }

  /// Where the definitions come from.
  package enum Source: Sendable {
    /// A tag spec (YAML, docs/tags.md); errors name the file.
    case spec(path: String)
    /// Definitions already parsed (`source` names them in errors).
    case definitions([TagDefinition], source: String)
  }

  package var source: Source
  /// The wide-table period whose features the rules are checked against (default: the latest).
  package var period: String?

  package init(source: Source, period: String? = nil) {
    self.source = source
    self.period = period
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace()
    let definitions: [TagDefinition]
    let name: String
    switch source {
    case .spec(let path):
      definitions = try SegmentaError.catching { try TagSpecParser.load(path: path) }
      name = path
    case .definitions(let given, let source):
      definitions = given
      name = source
    }
    let (changed, checkedPeriod) = try Self.define(definitions, in: workspace, period: period, source: name)
    return Output(
      defined: definitions.map(\.name), changed: changed, tags: try workspace.tags().count, period: checkedPeriod)
  }

  /// Checks `definitions` against the workspace, stores them and returns the new or changed names.
  ///
  /// A failing rule's error names `source` when given.
  static func define(_ definitions: [TagDefinition], in workspace: Workspace, period: String?, source: String?)
    throws(SegmentaError) -> (changed: [String], period: String?)
  {
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    for definition in definitions { data.declare(tag: definition.name) }
    var stored = try workspace.tags().map(\.definition)
    for definition in definitions {
      if let index = stored.firstIndex(where: { $0.name == definition.name }) {
        stored[index] = definition
      } else {
        stored.append(definition)
      }
    }
    do {
      _ = try TagOrder.order(stored, schema: data.schema)
    } catch {
      throw source.map { error.segmentaError.prefixed("\($0): ") } ?? error.segmentaError
    }
    return (try workspace.defineTags(definitions), data.period)
  }
}
