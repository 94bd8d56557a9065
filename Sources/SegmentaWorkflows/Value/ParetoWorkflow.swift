import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta value pareto`: how a numeric value concentrates over customers (the 80/20 line, the
/// Lorenz curve, Gini) and value tiers by cumulative share, stored as a segmentation.
///
/// With a rule (`--where`), only the customers it selects are ranked and tiered (company customers,
/// one brand, one region); the others get no tier, so `segment(NAME)` is missing for them.
package struct ParetoWorkflow: Workflow {
  /// The column: a value-table column (`total_value`, `clv_12m`, …), a wide-table feature or a
  /// numeric customer column.
  package var column: String
  /// The tiers' shares of value in percent, highest tier first.
  package var tiers: [Double]
  /// The segmentation's name.
  package var name: String
  /// A rule choosing the customers in scope (docs/rules.md); nil for every customer.
  package var rule: String?

  package init(column: String, tiers: [Double] = [80, 15, 5], name: String = "value_tier", rule: String? = nil) {
    self.column = column
    self.tiers = tiers
    self.name = name
    self.rule = rule
  }

  /// One tier.
  package struct Tier: Sendable, Codable, Equatable {
    package var id: Int
    package var name: FeatureLabel
    package var share: Double
    package var customers: Int
    package var value: Double
  }

  /// What `value pareto` found and stored.
  package struct Output: Sendable, Codable, Equatable {
    package var column: String
    package var source: String
    package var analysis: ParetoAnalysis
    package var tiers: [Tier]
    package var segmentation: String
    package var version: Int
    /// The rule that chose the customers in scope; nil when every customer was.
    package var rule: String?
    /// Customers the rule selects, with a value or not; nil without a rule.
    package var customersInScope: Int?
  }

  /// The names of three tiers; others are numbered.
  static func tierNames(_ count: Int) -> [FeatureLabel] {
    if count == 3 {
      return [
        FeatureLabel(zh: "高价值", en: "High value"), FeatureLabel(zh: "中价值", en: "Middle value"),
        FeatureLabel(zh: "低价值", en: "Low value"),
      ]
    }
    return (1...count).map { FeatureLabel(zh: "价值层\($0)", en: "Value tier \($0)") }
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SegmentaError.catching { try analyse(context) }
  }

  private func analyse(_ context: WorkflowContext) throws -> Output {
    guard tiers.count >= 2, tiers.count <= 10, tiers.allSatisfy({ $0 > 0 && $0.isFinite }),
      abs(tiers.reduce(0, +) - 100) < 1e-9
    else {
      throw SegmentaError(
        .invalidRequest, "--tiers takes 2 to 10 positive percentages that sum to 100 (for example 80,15,5)")
    }
    let workspace = try context.workspace()
    // The rule is checked before anything is read or stored.
    var scope: (data: WorkspaceRuleData, rule: CompiledRule)?
    if let rule {
      let data = try WorkspaceRuleData(workspace: workspace)
      scope = (data, try Self.compile(rule, schema: data.schema))
    }
    let keys: [Int64]
    var values: [Double]
    let source: String
    if let table = try workspace.valueTableIfBuilt(columns: [column]), let stored = table.columns[column],
      !StoredValueTable.dateColumns.contains(column)
    {
      keys = table.customerKeys
      values = stored
      source = "value"
    } else {
      let data = try scope?.data ?? WorkspaceRuleData(workspace: workspace)
      keys = data.keys
      values = try data.numbers(column, option: "column")
      source = data.table?.feature(named: column) != nil ? "feature" : "customer"
    }
    var inScope: Int?
    if let scope {
      // Customers the rule does not select (or cannot tell) are out of scope: no value, so no tier.
      var evaluator = RuleEvaluator(data: scope.data)
      let truth = try evaluator.truth(scope.rule)
      inScope = truth.filter { $0 == Truth.yes }.count
      let selected = StoredWideTable.align(truth.map { $0 == Truth.yes ? 1 : 0 }, from: scope.data.keys, to: keys)
      for row in values.indices where selected[row] != 1 { values[row] = .nan }
    }
    let (analysis, tierOfRow) = ParetoAnalysis.analyse(values, tiers: tiers)
    guard analysis.customers > 0 else {
      if rule != nil {
        throw SegmentaError(
          .insufficientData,
          "no customer the where rule selects has a value of '\(column)' (it selects \(inScope ?? 0) customers)",
          field: "where")
      }
      throw SegmentaError(.insufficientData, "'\(column)' has no value for any customer")
    }
    let names = Self.tierNames(tiers.count)
    let version = try ValueSegmentation.save(
      name: name, method: "value_tier", workspace: workspace, keys: keys, groups: tierOfRow, labels: names,
      features: [(column, source, FeatureLabel(zh: column, en: column), values)],
      notes: [
        "value tiers of '\(column)' by cumulative share \(tiers.map { ReportText.number($0) }.joined(separator: "/")) %"
          + (rule.map { " over the customers matching \($0); the others have no tier" } ?? "")
      ])
    let output = Output(
      column: column, source: source, analysis: analysis,
      tiers: names.indices.map {
        Tier(
          id: $0 + 1, name: names[$0], share: tiers[$0] / 100, customers: analysis.tierSizes[$0],
          value: analysis.tierValues[$0])
      }, segmentation: name, version: version, rule: rule, customersInScope: inScope)
    if let table = try workspace.valueTableIfBuilt(columns: []) {
      try workspace.saveValueResult(try ValueResults.encode(output), kind: "pareto", table: table.id)
    }
    return output
  }

  /// `text` compiled against `schema`; a rule that does not check is refused with its position.
  static func compile(_ text: String, schema: RuleSchema) throws(SegmentaError) -> CompiledRule {
    do {
      return try CompiledRule(text, schema: schema)
    } catch {
      throw SegmentaError(
        .invalidRule, "the where rule: \(error.description)", field: "where", position: error.position)
    }
  }
}
