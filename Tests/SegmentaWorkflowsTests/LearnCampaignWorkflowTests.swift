import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Learning from a campaign: what converters share, stored as a refined tag")
struct LearnCampaignWorkflowTests {
  @Test("converters with high ARPU give a refinement on arpu, stored as the tag asked for")
  func refinesTag() throws {
    let directory = TemporaryDirectory()
    let context = try CampaignFixtures.context(directory)
    try CampaignFixtures.create(CampaignFixtures.spec(), context)
    _ = try CampaignFixtures.select("c1", context)
    let workspace = try store(context)
    let noResponses = #expect(throws: SegmentaError.self) { try LearnCampaignWorkflow(name: "c1").run(context) }
    #expect(noResponses?.code == .missingPrerequisite)

    let members = try workspace.campaignMembers("c1")
    let ids = try workspace.customerIDs(keys: members.map(\.key))
    var lines = ["customer_id,reached,converted"]
    for id in ids {
      let arpu = try CampaignFixtures.number(id)
      lines.append("\(id),yes,\(arpu > 150 ? "yes" : "no")")
    }
    let path = directory.write("responses.csv", lines.joined(separator: "\n") + "\n")
    _ = try ImportResponsesWorkflow(name: "c1", path: path).run(context)

    let output = try LearnCampaignWorkflow(name: "c1", minimumKept: 0.9, applyTag: "rich").run(context)
    let refinement = try #require(output.learning.refinement)
    #expect(refinement.condition.hasPrefix("arpu"))
    #expect(output.refinedRule == "(arpu > 50) and \(refinement.condition)" && output.appliedTag == "rich")
    let tag = try #require(try workspace.tags().first { $0.definition.name == "rich" })
    #expect(tag.definition.rule == output.refinedRule && tag.definition.description == "Refined from campaign c1.")

    let bad = #expect(throws: SegmentaError.self) { try LearnCampaignWorkflow(name: "c1", minimumKept: 0).run(context) }
    #expect(bad?.code == .invalidRequest)
  }
}
