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
  }

  /// Where the definitions come from.
  package enum Source: Sendable {
    /// A tag spec (YAML, docs/tags.md); errors name the file.
    case spec(path: String)
    /// Definitions already parsed (`source` names them in errors).
    case definitions([TagDefinition], source: String)
  }

  package var source: Source

  package init(source: Source) {
    self.source = source
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
    let changed = try Self.define(definitions, in: workspace, source: name)
    return Output(defined: definitions.map(\.name), changed: changed, tags: try workspace.tags().count)
  }

  /// Checks `definitions` against the workspace, stores them and returns the new or changed names.
  ///
  /// A failing rule's error names `source` when given.
  static func define(_ definitions: [TagDefinition], in workspace: Workspace, source: String?) throws(SegmentaError)
    -> [String]
  {
    let data = try WorkspaceRuleData(workspace: workspace)
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
    return try workspace.defineTags(definitions)
  }
}
