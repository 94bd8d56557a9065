import SegmentaCore
import SegmentaStore

/// `segmenta rule check`: validates a rule against the workspace's fields, segmentations and tags,
/// and optionally counts the customers it selects.
///
/// A rule that does not check is an answer, not a failure: ``Output/valid`` is false and
/// ``Output/error`` says where and why.
package struct CheckRuleWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    package var valid: Bool
    /// The wide-table period whose features the rule reads; nil when no wide table was built.
    package var period: String?
    /// The fields the rule reads.
    package var fields: [String]?
    /// The segmentations it reads.
    package var segmentations: [String]?
    /// The tags it reads.
    package var tags: [String]?
    /// Customers the rule selects (with `count`).
    package var matches: Int?
    /// Customers for whom the rule is unknown because a value it reads is missing.
    package var unknown: Int?
    /// Customers in the workspace.
    package var customers: Int?
    /// Why the rule does not check.
    package var error: Problem?
  }

  /// Where a rule goes wrong.
  package struct Problem: Sendable, Codable {
    package var kind: String
    /// 0-based position in Unicode scalars.
    package var position: Int
    package var message: String
    /// The message with the rule and a caret under the position.
    package var display: String
  }

  package var rule: String
  /// The wide-table period whose features the rule reads (default: the latest).
  package var period: String?
  /// Count the customers the rule selects.
  package var count: Bool
  /// Rule data kept between checks (the server's rule editor), or nil to load it for this check.
  package var cache: RuleDataCache?

  package init(rule: String, period: String? = nil, count: Bool = false, cache: RuleDataCache? = nil) {
    self.rule = rule
    self.period = period
    self.count = count
    self.cache = cache
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace(for: .read)
    let data: WorkspaceRuleData
    if let cache {
      data = try cache.data(workspace: workspace, period: period)
    } else {
      data = try WorkspaceRuleData(workspace: workspace, period: period)
    }
    let compiled: CompiledRule
    do {
      compiled = try CompiledRule(rule, schema: data.schema)
    } catch {
      return Output(
        valid: false, period: data.period,
        error: Problem(
          kind: error.kind.rawValue, position: error.position, message: error.message, display: error.description))
    }
    var output = Output(
      valid: true, period: data.period, fields: compiled.fields.keys.sorted(),
      segmentations: compiled.segmentations.sorted(),
      tags: compiled.tags.sorted())
    if count {
      var evaluator = RuleEvaluator(data: data)
      let truth = try SegmentaError.catching { try evaluator.truth(compiled) }
      output.matches = truth.filter { $0 == Truth.yes }.count
      output.unknown = truth.filter { $0 == Truth.unknown }.count
      output.customers = truth.count
    }
    return output
  }
}
