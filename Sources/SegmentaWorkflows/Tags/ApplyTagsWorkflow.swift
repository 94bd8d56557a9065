import SegmentaCore
import SegmentaStore

/// `segmenta tags apply`: computes every tag's members for all customers and stores them as new
/// versions in one transaction, each with its change since the previous apply.
package struct ApplyTagsWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    /// Customers in the workspace.
    package var customers: Int
    /// The wide-table period whose features the rules read; nil when no wide table was built.
    package var period: String?
    /// Each tag's result, in definition order.
    package var tags: [TagApplyResult]
  }

  /// The wide-table period whose features the rules read (default: the latest).
  package var period: String?

  package init(period: String? = nil) {
    self.period = period
  }

  /// Computes every tag's members for all customers and stores them as new versions in one
  /// transaction; returns the results in definition order.
  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace()
    let definitions = try workspace.tags().map(\.definition)
    guard !definitions.isEmpty else {
      throw TagDefinitionError.noTags.segmentaError
    }
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    let ordered: [(TagDefinition, CompiledRule)]
    do {
      ordered = try TagOrder.order(definitions, schema: data.schema)
    } catch {
      throw error.segmentaError
    }
    func progress(_ done: Int, _ total: Int, _ name: String) {
      context.progress.report(.amount("Applying tags", done, of: total, detail: name, unit: .items))
    }
    var evaluator = RuleEvaluator(data: data)
    var members: [String: (keys: [Int64], unknown: Int)] = [:]
    for (index, (definition, rule)) in ordered.enumerated() {
      progress(index, ordered.count, definition.name)
      let truth = try SegmentaError.catching { try evaluator.truth(rule) }
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
      definitions.map { ($0.name, $0.rule, members[$0.name]?.keys ?? []) }, customers: customers)
    let results = zip(definitions, versions).map { definition, version in
      TagApplyResult(
        name: definition.name, category: definition.category.rawValue, label: definition.label,
        version: version.version, count: version.change.count,
        coverage: customers > 0 ? Double(version.change.count) / Double(customers) : 0, gained: version.change.gained,
        lost: version.change.lost, unknown: members[definition.name]?.unknown ?? 0)
    }
    return Output(customers: customers, period: data.period, tags: results)
  }
}
