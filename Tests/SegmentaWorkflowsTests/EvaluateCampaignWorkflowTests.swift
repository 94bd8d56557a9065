import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@Suite("Campaign evaluation from a file: counts, errors named by file")
struct EvaluateCampaignWorkflowTests {
  @Test("an experiment file is evaluated without a workspace")
  func file() throws {
    let directory = TemporaryDirectory()
    let path = directory.write(
      "e.csv", "customer_id,group,reached,converted,revenue\nA,target,yes,yes,10\nB,control,yes,no,\nC,target,no,no,\n")
    let context = WorkflowContext(workspacePath: directory.file("none.db"))
    let output = try EvaluateCampaignWorkflow(source: .file(path), costPerContact: 1).run(context)
    #expect(output.campaign == nil && output.title == "Evaluation of \(path)")
    #expect(output.evaluation.target.customers == 2 && output.evaluation.target.converted == 1)
    #expect(output.evaluation.control.customers == 1 && output.evaluation.economics?.cost == 2)
  }

  @Test("an evaluation the data cannot support names the file; a stored campaign must be selected first")
  func refusals() throws {
    let directory = TemporaryDirectory()
    let path = directory.write("one.csv", "customer_id,group,reached,converted\nA,target,yes,no\n")
    let context = WorkflowContext(workspacePath: directory.file("none.db"))
    let empty = #expect(throws: SegmentaError.self) { try EvaluateCampaignWorkflow(source: .file(path)).run(context) }
    #expect(empty?.code == .insufficientData)
    #expect(
      empty?.description
        == "\(path): the control group has no customers; an evaluation needs both a target and a control group")
    let missing = #expect(throws: SegmentaError.self) {
      try EvaluateCampaignWorkflow(source: .campaign("c")).run(context)
    }
    #expect(missing?.code == .notFound)
    let stored = try CampaignFixtures.context(directory)
    try CampaignFixtures.create(CampaignFixtures.spec(), stored)
    let unselected = #expect(throws: SegmentaError.self) {
      try EvaluateCampaignWorkflow(source: .campaign("c1")).run(stored)
    }
    #expect(unselected?.code == .missingPrerequisite)
  }
}
