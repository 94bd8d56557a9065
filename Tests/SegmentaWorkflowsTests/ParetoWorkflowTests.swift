import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Pareto tiers over the customers a rule selects (value pareto --where)")
struct ParetoWorkflowTests {
  /// Eight customers: six companies (H without spend) and two people, the richest of them a person.
  static func context(_ directory: TemporaryDirectory) throws -> WorkflowContext {
    let context = try makeContext()
    try importCSV(
      """
      customer_id,kind,spend
      A,company,500
      B,company,300
      C,company,100
      D,company,60
      E,company,40
      F,person,1000
      G,person,20
      H,company,

      """, into: context, directory: directory)
    return context
  }

  /// The customers of each segment of segmentation `name`, by id.
  static func members(_ name: String, _ context: WorkflowContext) throws -> [[String]] {
    let workspace = try store(context)
    let stored = try workspace.segmentation(named: name)
    let ids = try workspace.customerIDs(keys: stored.customerKeys)
    return (0..<stored.model.groupSizes.count).map { segment in
      ids.indices.filter { stored.groups[$0] == Int32(segment) }.map { ids[$0] }
    }
  }

  @Test("only the companies are ranked: tiers, 80/20 line and Gini equal a hand computation; others get no tier")
  func companiesOnly() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let output = try ParetoWorkflow(
      column: "spend", name: "company_value_tier", rule: #"kind = "company""#
    ).run(context)
    // Companies with a spend, highest first: 500, 300, 100, 60, 40 (total 1,000). Shares before each:
    // 0, 0.5 (< 0.8: high), 0.8, 0.9 (< 0.95: middle), 0.96 (low).
    #expect(output.rule == #"kind = "company""# && output.customersInScope == 6)
    #expect(output.analysis.customers == 5 && output.analysis.total == 1_000)
    #expect(output.tiers.map(\.customers) == [2, 2, 1] && output.tiers.map(\.value) == [800, 160, 40])
    // The top 20 % is ⌈0.2 · 5⌉ = 1 customer; 2 of 5 bring 80 %.
    #expect(output.analysis.topFifthShare == 0.5 && output.analysis.customersForFourFifths == 0.4)
    // Σ (2i − n − 1) x₍ᵢ₎ / (n Σ x) over 40, 60, 100, 300, 500: (−160 − 120 + 0 + 600 + 2,000) / 5,000.
    #expect(abs((output.analysis.gini ?? .nan) - 0.464) < 1e-12)
    #expect(output.segmentation == "company_value_tier")
    #expect(try Self.members("company_value_tier", context) == [["A", "B"], ["C", "D"], ["E"]])
    // The person F (the richest) and the company H (no spend) have no tier.
    let tiered = try CheckRuleWorkflow(rule: "segment(company_value_tier) in [1, 2, 3]", count: true).run(context)
    #expect(tiered.matches == 5 && tiered.customers == 8)
    let notes = try store(context).segmentation(named: "company_value_tier").model.notes
    #expect(notes.first?.contains(#"over the customers matching kind = "company""#) == true)
    // Without a rule every customer with a spend is ranked; the default name is value_tier.
    let all = try ParetoWorkflow(column: "spend").run(context)
    #expect(all.rule == nil && all.customersInScope == nil && all.analysis.customers == 7)
    // F (1,000), A and B make up the first 80 % of 2,020: F is high value only without the rule.
    #expect(try Self.members("value_tier", context)[0] == ["A", "B", "F"])
  }

  @Test("a value-table column over a rule on a customer column: keys of both line up")
  func valueTableColumn() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    // G and C buy most; only some customers have transactions, in another order than the customers.
    let file = directory.write(
      "t.csv", "customer_id,date,amount\nG,2024-01-01,90\nC,2024-01-02,70\nF,2024-01-03,500\nA,2024-01-04,10\n")
    _ = try BuildValueWorkflow(transactionsPath: file).run(context)
    let output = try ParetoWorkflow(column: "total_value", tiers: [50, 50], name: "t", rule: #"kind = "company""#)
      .run(context)
    #expect(output.source == "value" && output.customersInScope == 6 && output.analysis.customers == 2)
    // C 70 then A 10 (total 80): C's share before is 0 (< 0.5), A's 0.875.
    #expect(try Self.members("t", context) == [["C"], ["A"]])
    let report = try ValueReportWorkflow(format: .md).run(context)
    #expect(report.report.pareto?.rule == #"kind = "company""#)
    #expect(report.text.contains(#"Only the customers matching `kind = "company"`."#))
  }

  @Test("a bad rule fails with its position and field; nothing is stored")
  func badRule() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let before = try snapshot(store(context))
    let unknown = #expect(throws: SegmentaError.self) {
      try ParetoWorkflow(column: "spend", rule: #"kind = "company" and spnd > 3"#).run(context)
    }
    #expect(unknown?.code == .invalidRule && unknown?.field == "where" && unknown?.position == 21)
    #expect(unknown?.message.contains("column 22") == true && unknown?.message.contains("^") == true)
    let syntax = #expect(throws: SegmentaError.self) {
      try ParetoWorkflow(column: "spend", rule: "kind = ").run(context)
    }
    #expect(syntax?.code == .invalidRule && syntax?.position != nil)
    // A rule no customer with a spend matches is refused too, naming the rule.
    let empty = #expect(throws: SegmentaError.self) {
      try ParetoWorkflow(column: "spend", rule: #"kind = "agency""#).run(context)
    }
    #expect(empty?.code == .insufficientData && empty?.field == "where")
    #expect(try snapshot(store(context)) == before)
  }

  @Test("a column that is not numeric is refused naming the option, as lifecycle and retention do")
  func textColumn() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let text = #expect(throws: SegmentaError.self) { try ParetoWorkflow(column: "kind").run(context) }
    #expect(text?.field == "column" && text?.message == "'kind' holds text, not numbers")
    let missing = #expect(throws: SegmentaError.self) { try ParetoWorkflow(column: "nope").run(context) }
    #expect(missing?.code == .notFound && missing?.field == "column")
    #expect(missing?.message.hasPrefix("no numeric column 'nope' among the customer columns") == true)
    let retention = #expect(throws: SegmentaError.self) {
      try RetentionWorkflow(dimensions: ["value_tier", "company_value_tier"], value: "kind").run(context)
    }
    #expect(retention?.field == "dimensions")
    _ = try ParetoWorkflow(column: "spend").run(context)
    _ = try ParetoWorkflow(column: "spend", name: "company_value_tier", rule: #"kind = "company""#).run(context)
    let value = #expect(throws: SegmentaError.self) {
      try RetentionWorkflow(dimensions: ["value_tier", "company_value_tier"], value: "kind", churn: nil).run(context)
    }
    #expect(value?.field == "value" && value?.message == "'kind' holds text, not numbers")
  }
}
