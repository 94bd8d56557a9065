import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@Suite("Campaign responses, evaluation and learning")
struct ImportResponsesWorkflowTests {
  @Test("responses: a bad row stores nothing; skip mode stores the rest and counts what it left out")
  func responses() throws {
    let directory = TemporaryDirectory()
    let context = try CampaignFixtures.context(directory)
    let workspace = try store(context)
    try CampaignFixtures.create(CampaignFixtures.spec(), context)
    _ = try CampaignFixtures.select("c1", context)
    let members = try workspace.campaignMembers("c1")
    let ids = try workspace.customerIDs(keys: members.map(\.key))
    var lines = ["customer_id,contacted_at,reached,converted,revenue"]
    for (index, member) in members.enumerated() {
      let converted = member.isTarget ? index % 3 == 0 : index % 9 == 0
      lines.append("\(ids[index]),2024-04-0\(1 + index % 9),yes,\(converted ? "yes" : "no"),\(converted ? "25.5" : "")")
    }
    lines.append("C1,2024-04-01,yes,no,")  // not in the campaign (arpu 1)
    lines.append("\(ids[0]),2024-04-01,maybe,no,")  // bad value (and a repeat)
    let path = directory.write("responses.csv", lines.joined(separator: "\n") + "\n")
    let error = #expect(throws: SegmentaError.self) {
      try ImportResponsesWorkflow(name: "c1", path: path).run(context)
    }
    #expect(error?.code == .invalidData && error?.line == members.count + 2 && error?.field == "customer_id")
    #expect(error?.description.contains("customer 'C1' is neither a target nor a control of campaign 'c1'") == true)
    #expect(error?.description.contains("nothing was imported") == true)
    #expect(try workspace.campaignResponses("c1").isEmpty)

    let report = try ImportResponsesWorkflow(name: "c1", path: path, onError: .skip).run(context)
    #expect(report.stored == members.count)
    #expect(report.skipped == [.notInCampaign: 1, .duplicate: 1])
    #expect(report.firstSkippedLine[.notInCampaign] == members.count + 2)

    let evaluation = try EvaluateCampaignWorkflow(source: .campaign("c1")).run(context).evaluation
    let targets = members.enumerated().filter { $0.element.isTarget }
    let converters = targets.filter { $0.offset % 3 == 0 }.count
    #expect(evaluation.target.customers == targets.count)
    #expect(evaluation.target.converted == converters)
    #expect(evaluation.target.reached == targets.count)
    #expect(abs(evaluation.target.revenue - 25.5 * Double(converters)) < 1e-9)
    #expect(evaluation.economics?.cost == Double(targets.count))

    let learning = try LearnCampaignWorkflow(name: "c1").run(context).learning
    #expect(learning.targets == targets.count && learning.converters == converters)
    #expect(learning.features.contains { $0.name == "arpu" })
    #expect(!learning.features.contains { $0.name == "phone" })
  }
}
