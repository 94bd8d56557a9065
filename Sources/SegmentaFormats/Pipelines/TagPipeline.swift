import SegmentaCore
import SegmentaStore

/// One tag's result of `segmenta tags apply`.
public struct TagApplyResult: Sendable, Equatable, Codable {
  /// The tag.
  public var name: String
  /// Its category.
  public var category: String
  /// Its display labels.
  public var label: FeatureLabel
  /// The new version.
  public var version: Int
  /// Customers tagged.
  public var count: Int
  /// Tagged ÷ all customers.
  public var coverage: Double
  /// Customers newly tagged since the previous apply.
  public var gained: Int
  /// Customers no longer tagged.
  public var lost: Int
  /// Customers for whom the rule is unknown (it reads a missing value); they are not tagged.
  public var unknown: Int
}

/// Defining and applying tags over a workspace.
public enum TagPipeline {
  /// Checks `definitions` against the workspace (fields, segmentations and tags, in a workspace
  /// where the definitions are added) and stores them; returns the new or changed names.
  ///
  /// - Throws: ``TagDefinitionError`` naming the tag and the rule's problem; nothing is stored then.
  @discardableResult
  public static func define(_ definitions: [TagDefinition], workspace: Workspace) throws -> [String] {
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
    // Every rule must check, and the tags must not depend on each other in a circle.
    _ = try order(stored, schema: data.schema)
    return try workspace.defineTags(definitions)
  }

  /// The definitions with their compiled rules, each after the tags it reads.
  static func order(_ definitions: [TagDefinition], schema: RuleSchema) throws -> [(TagDefinition, CompiledRule)] {
    var compiled: [String: CompiledRule] = [:]
    for definition in definitions {
      do {
        compiled[definition.name] = try CompiledRule(definition.rule, schema: schema)
      } catch {
        throw TagDefinitionError.rule(tag: definition.name, error: error)
      }
    }
    var result: [(TagDefinition, CompiledRule)] = []
    var state: [String: Int] = [:]  // 1 visiting, 2 done
    let byName = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    func visit(_ name: String, path: [String]) throws {
      if state[name] == 2 { return }
      if state[name] == 1 { throw TagDefinitionError.cycle(path + [name]) }
      guard let definition = byName[name], let rule = compiled[name] else { return }
      state[name] = 1
      for dependency in rule.tags.sorted() { try visit(dependency, path: path + [name]) }
      state[name] = 2
      result.append((definition, rule))
    }
    for definition in definitions { try visit(definition.name, path: []) }
    return result
  }

  /// Computes every tag's members for all customers and stores them as new versions in one
  /// transaction; returns the results in definition order.
  public static func apply(
    workspace: Workspace, period: String? = nil, progress: (Int, Int, String) -> Void = { _, _, _ in }
  ) throws -> (results: [TagApplyResult], customers: Int) {
    let definitions = try workspace.tags().map(\.definition)
    guard !definitions.isEmpty else {
      throw TagDefinitionError.noTags
    }
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    let ordered = try order(definitions, schema: data.schema)
    var evaluator = RuleEvaluator(data: data)
    var members: [String: (keys: [Int64], unknown: Int)] = [:]
    for (index, (definition, rule)) in ordered.enumerated() {
      progress(index, ordered.count, definition.name)
      let truth = try evaluator.truth(rule)
      var keys: [Int64] = []
      var unknown = 0
      var tagged = [Bool](repeating: false, count: truth.count)
      for (row, value) in truth.enumerated() {
        if value == Truth.yes {
          keys.append(data.keys[row])
          tagged[row] = true
        } else if value == Truth.unknown {
          unknown += 1
        }
      }
      data.currentTags[definition.name] = tagged
      members[definition.name] = (keys, unknown)
    }
    progress(ordered.count, ordered.count, "")
    let customers = data.keys.count
    let versions = try workspace.saveTagApply(
      definitions.map { ($0.name, $0.rule, members[$0.name]!.keys) }, customers: customers)
    let results = zip(definitions, versions).map { definition, version in
      TagApplyResult(
        name: definition.name, category: definition.category.rawValue, label: definition.label,
        version: version.version, count: version.change.count,
        coverage: customers > 0 ? Double(version.change.count) / Double(customers) : 0, gained: version.change.gained,
        lost: version.change.lost, unknown: members[definition.name]!.unknown)
    }
    return (results, customers)
  }
}

/// Why tags cannot be defined or applied.
public enum TagDefinitionError: Error, CustomStringConvertible {
  /// A tag's rule does not check.
  case rule(tag: String, error: RuleError)
  /// Tags that read each other in a circle.
  case cycle([String])
  /// Nothing to apply.
  case noTags

  /// What went wrong and what to do.
  public var description: String {
    switch self {
    case .rule(let tag, let error): "the rule of tag '\(tag)' \(error.description)"
    case .cycle(let path): "tags read each other in a circle: \(path.joined(separator: " → "))"
    case .noTags: "the workspace has no tags; define them with `segmenta tags define --spec tags.yaml`"
    }
  }
}
