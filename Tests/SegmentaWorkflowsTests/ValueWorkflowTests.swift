import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Customer value: build, RFM, Pareto tiers, lifetime value and the report over a workspace")
struct ValueWorkflowTests {
  static let transactions = """
    customer_id,date,amount
    A,2024-01-01,10
    A,2024-01-15,20
    A,2024-03-01,30
    B,2024-01-03,5
    C,2024-02-01,100
    C,2024-02-20,50
    D,2024-03-05,8
    Z,2024-03-06,1

    """

  static func context(_ directory: TemporaryDirectory) throws -> WorkflowContext {
    let context = try makeContext()
    try importCSV("customer_id,region\nA,n\nB,s\nC,n\nD,s\nE,n\n", into: context, directory: directory)
    return context
  }

  @Test("build summarises known customers, counts unknown ones and stores the summaries for rules")
  func build() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let file = directory.write("t.csv", Self.transactions)
    let output = try BuildValueWorkflow(transactionsPath: file, asOf: 19_820).run(context)
    #expect(output.table.customers == 4)
    #expect(output.table.unknownCustomerRows == 1)
    #expect(output.repeatCustomers == 2)
    let table = try #require(try store(context).valueTableIfBuilt())
    #expect(table.columns["frequency"] == [2, 0, 1, 0])
    #expect(table.columns["monetary_value"] == [25, 0, 50, 0])
    #expect(table.columns["total_value"] == [60, 5, 150, 8])
    let rule = try CheckRuleWorkflow(rule: "frequency >= 1 and total_value > 100", count: true).run(context)
    #expect(rule.matches == 1)
  }

  @Test("a bad amount stops the build with its file, line and column, and nothing is stored")
  func badAmount() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let file = directory.write("t.csv", "customer_id,date,amount\nA,2024-01-01,10\nA,2024-01-02,ten\n")
    #expect {
      try BuildValueWorkflow(transactionsPath: file).run(context)
    } throws: { error in
      let error = error as? SegmentaError
      return error?.line == 3 && error?.column == 3 && error?.file == file
    }
    #expect(try store(context).valueTableIfBuilt() == nil)
  }

  @Test("RFM and value tiers become segmentations that rules select by name; CLV columns and the report follow")
  func scoresAndSegments() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let file = directory.write("t.csv", Self.transactions)
    _ = try BuildValueWorkflow(transactionsPath: file, timeUnit: .days).run(context)
    let rfm = try RFMWorkflow().run(context)
    #expect(rfm.segments.count == 10)
    #expect(rfm.segments.reduce(0) { $0 + $1.customers } == 4)
    let pareto = try ParetoWorkflow(column: "total_value").run(context)
    #expect(pareto.analysis.customers == 4)
    #expect(pareto.tiers[0].customers == 2)
    let high = try CheckRuleWorkflow(rule: "segment(value_tier) = \"High value\"", count: true).run(context)
    #expect(high.matches == 2)
    let champions = try CheckRuleWorkflow(rule: "segment(rfm) = \"Champions\" or rfm_score > 0", count: true)
      .run(context)
    #expect(champions.matches == 4)
    let clv = try LifetimeValueWorkflow(horizon: 6).run(context)
    #expect(clv.column == "clv_6m")
    let parameters = [clv.bgnbd.r, clv.bgnbd.alpha, clv.gammaGamma.p]
    #expect(parameters.allSatisfy { $0.isFinite })
    let table = try #require(try store(context).valueTableIfBuilt())
    #expect(table.columns["p_alive"]?.allSatisfy { $0 >= 0 && $0 <= 1 } == true)
    let report = try ValueReportWorkflow(format: .md).run(context)
    #expect(report.text.contains("RFM"))
    #expect(report.text.contains("| r |"))
    let html = try ValueReportWorkflow(format: .html).run(context)
    #expect(html.text.contains("<svg") && !html.text.contains("<script"))
  }

  @Test("the report refuses to write over the workspace")
  func reportOutputGuard() throws {
    let directory = TemporaryDirectory()
    let path = directory.file("w.db")
    let context = WorkflowContext(workspacePath: path, progress: SilentProgress(), user: "tester")
    #expect(throws: SegmentaError.self) { try ValueReportWorkflow(format: .md, out: path).run(context) }
  }
}
