import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Retention views over a workspace: lifecycle stages as segments and tags, the retention matrix")
struct RetentionWorkflowTests {
  /// Six customers with a tenure, a usage in two periods (P1, P2), a spend and a churn probability.
  static func context(_ directory: TemporaryDirectory) throws -> WorkflowContext {
    let context = try makeContext()
    try importCSV(
      """
      customer_id,tenure,usage_before,usage_now,spend,churn_p,risky
      A,1,10,10,500,0.9,1.5
      B,12,100,150,300,0.1,0
      C,12,100,100,100,0.5,0
      D,12,100,50,50,0.8,0
      E,12,100,0,40,0.7,0
      F,12,,30,10,0.2,0

      """, into: context, directory: directory)
    for (period, column) in [("P1", "usage_before"), ("P2", "usage_now")] {
      let spec = directory.write(
        "\(period).yaml",
        "features:\n  - name: usage\n    customer: \(column)\n  - name: months\n    customer: tenure\n")
      _ = try BuildFeaturesWorkflow(specPath: spec, eventPaths: [], period: period).run(context)
    }
    return context
  }

  @Test("lifecycle: stages stored as a segmentation rules read, and a tag family that tags apply computes")
  func lifecycle() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let output = try LifecycleWorkflow(tenure: "months", usage: "usage", previousPeriod: "P1", currentPeriod: "P2")
      .run(context)
    #expect(output.stages.map(\.stage) == LifecycleStage.allCases)
    #expect(output.stages.map(\.customers) == [1, 1, 1, 1, 1])
    #expect(output.unknown == 1)
    #expect(output.stages.map(\.tag) == LifecycleStage.allCases.map { "lifecycle_\($0.rawValue)" })
    let declining = try CheckRuleWorkflow(rule: "segment(lifecycle) = \"Declining\"", count: true).run(context)
    #expect(declining.matches == 1)
    _ = try ApplyTagsWorkflow().run(context)
    let members = try store(context).tagMembers("lifecycle_lapsed")
    #expect(try store(context).customerIDs(keys: members) == ["E"])
    // The same periods the other way round: growth becomes decline.
    let reversed = try LifecycleWorkflow(
      tenure: "months", usage: "usage", previousPeriod: "P2", currentPeriod: "P1", name: "reversed"
    ).run(context)
    #expect(reversed.stages.first { $0.stage == .declining }?.customers == 1)
    #expect(reversed.stages.first { $0.stage == .growing }?.customers == 2)
  }

  @Test("the stored stages read back as the run reported them; nothing before the first run")
  func storedStages() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    #expect(try LifecycleStagesWorkflow().run(context) == nil)
    let output = try LifecycleWorkflow(tenure: "months", usage: "usage", previousPeriod: "P1", currentPeriod: "P2")
      .run(context)
    let stored = try #require(try LifecycleStagesWorkflow().run(context))
    #expect(stored.stages == output.stages && stored.unknown == output.unknown && stored.customers == 6)
    #expect(stored.segmentation == "lifecycle" && stored.version == output.version)
    #expect(stored.notes.first?.contains("the change of usage from P1 to P2") == true)
    // A segmentation of another kind under the name is not taken for stages.
    _ = try ParetoWorkflow(column: "spend", name: "other").run(context)
    #expect(try LifecycleStagesWorkflow(name: "other").run(context) == nil)
  }

  @Test("lifecycle refuses the same period twice, a text field and a period that does not exist")
  func lifecycleRefusals() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    #expect(throws: SegmentaError.self) {
      try LifecycleWorkflow(tenure: "months", usage: "usage", previousPeriod: "P2", currentPeriod: "P2").run(context)
    }
    #expect {
      try LifecycleWorkflow(tenure: "months", usage: "nothing", previousPeriod: "P1", currentPeriod: "P2").run(context)
    } throws: { ($0 as? SegmentaError)?.field == "usage" }
    let tenure = #expect(throws: SegmentaError.self) {
      try LifecycleWorkflow(tenure: "tenur", usage: "usage", previousPeriod: "P1", currentPeriod: "P2").run(context)
    }
    #expect(tenure?.field == "tenure" && tenure?.code == .notFound)
    #expect(
      tenure?.message.hasPrefix("no numeric column 'tenur' among the customer columns, the features of period P2")
        == true)
    #expect {
      try LifecycleWorkflow(tenure: "months", usage: "usage", previousPeriod: "P0", currentPeriod: "P2").run(context)
    } throws: { ($0 as? SegmentaError)?.message.contains("P0") == true }
    #expect(try store(context).segmentations().isEmpty)
  }

  @Test("retention matrix: value tier × lifecycle with spend, value at risk and KPI means; errors name the option")
  func retention() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    _ = try LifecycleWorkflow(tenure: "months", usage: "usage", previousPeriod: "P1", currentPeriod: "P2")
      .run(context)
    _ = try ParetoWorkflow(column: "spend", tiers: [80, 20]).run(context)
    let output = try RetentionWorkflow(
      dimensions: ["value_tier", "lifecycle"], value: "spend", churn: "churn_p", kpis: ["tenure"]
    ).run(context)
    let table = output.table
    // F has no lifecycle stage, so five customers are crossed.
    #expect(table.customers == 5)
    #expect(table.cells.reduce(0) { $0 + $1.customers } == 5)
    #expect(table.cells.compactMap(\.value).reduce(0, +) == 990)
    // A (500 × 0.9) is the riskiest cell.
    #expect(abs((table.cells[0].valueAtRisk ?? 0) - 450) < 1e-9 && table.cells[0].kpis == [1])
    // 500 × 0.9 + 300 × 0.1 + 100 × 0.5 + 50 × 0.8 + 40 × 0.7.
    let atRisk: Double = table.cells.compactMap(\.valueAtRisk).reduce(0, +)
    #expect(abs(atRisk - 598) < 1e-9)
    #expect(table.cells.map(\.valueAtRisk) == table.cells.map(\.valueAtRisk).sorted { ($0 ?? 0) > ($1 ?? 0) })
    #expect {
      try RetentionWorkflow(dimensions: ["value_tier", "churn_risk"]).run(context)
    } throws: { ($0 as? SegmentaError)?.message.contains("churn score") == true }
    #expect {
      try RetentionWorkflow(dimensions: ["value_tier"]).run(context)
    } throws: { ($0 as? SegmentaError)?.field == "dimensions" }
    #expect {
      try RetentionWorkflow(dimensions: ["value_tier", "lifecycle"], value: "spend", churn: "risky").run(context)
    } throws: { ($0 as? SegmentaError)?.field == "churn" }
    let counts = try RetentionWorkflow(dimensions: ["value_tier", "lifecycle"], value: nil, churn: "churn_p")
      .run(context)
    #expect(counts.churn == nil && counts.table.cells.allSatisfy { $0.value == nil && $0.valueAtRisk == nil })
  }
}
