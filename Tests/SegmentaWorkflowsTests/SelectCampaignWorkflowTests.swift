import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@Suite("Campaign selection: suppression before the split, reproducible groups")
struct SelectCampaignWorkflowTests {
  @Test("select suppresses opt-outs, do-not-contact and missing phones before the split, and counts them")
  func select() throws {
    let directory = TemporaryDirectory()
    let context = try CampaignFixtures.context(directory)
    let workspace = try store(context)
    try CampaignFixtures.create(CampaignFixtures.spec(), context)
    let report = try CampaignFixtures.select("c1", context)
    let candidates = Array(51...200)
    let opted = candidates.filter { $0 % 7 == 0 }
    let blocked = candidates.filter { $0 % 7 != 0 && $0 % 13 == 0 }
    let noPhone = candidates.filter { $0 % 7 != 0 && $0 % 13 != 0 && $0 % 11 == 0 }
    let pool = candidates.count - opted.count - blocked.count - noPhone.count
    #expect(report.selection.candidates == 150)
    #expect(
      report.selection.excluded == [
        .optedOut: opted.count, .doNotContact: blocked.count, .noContactAddress: noPhone.count,
      ])
    #expect(report.selection.controls == Int((0.2 * Double(pool)).rounded(.toNearestOrEven)))
    #expect(report.selection.targets + report.selection.controls == pool)
    let ids = try workspace.customerIDs(keys: try workspace.campaignMembers("c1").map(\.key))
    for id in ids {
      let i = try CampaignFixtures.number(id)
      #expect(i > 50 && i % 7 != 0 && i % 13 != 0 && i % 11 != 0)
    }
    // Reproducible: selecting again gives the same members.
    let first = try workspace.campaignMembers("c1")
    _ = try CampaignFixtures.select("c1", context)
    #expect(try workspace.campaignMembers("c1") == first)
  }

  @Test(
    "property: whatever the rule, share and cap, no opted-out, do-not-contact or capped customer is selected or exported"
  )
  func suppressionProperty() throws {
    let directory = TemporaryDirectory()
    let context = try CampaignFixtures.context(directory)
    let workspace = try store(context)
    var random = SplitMix64(seed: 77)
    var contacts: [String: Int] = [:]
    for round in 0..<12 {
      let low = Int(random.next() % 150)
      let high = low + 1 + Int(random.next() % 100)
      let rules = [
        "arpu > \(low) and arpu <= \(high)", "arpu < \(high) or city = \"北京\"",
        "at_least(2, arpu > \(low), city = \"=1+1\", sms_opt_out)", "not (arpu between \(low) and \(high))",
      ]
      var spec = CampaignFixtures.spec("p\(round)", target: rules[Int(random.next() % UInt64(rules.count))])
      spec.controlShare = Double(1 + random.next() % 60) / 100
      spec.seed = random.next()
      spec.control = random.next() % 2 == 0 ? .holdout : .random
      let cap = 1 + Int(random.next() % 3)
      spec.frequencyCap = CampaignSpec.FrequencyCap(contacts: cap, days: 30)
      try CampaignFixtures.create(spec, context)
      _ = try CampaignFixtures.select(spec.name, context)
      let members = try workspace.campaignMembers(spec.name)
      let ids = try workspace.customerIDs(keys: members.map(\.key))
      for id in ids {
        let i = try CampaignFixtures.number(id)
        #expect(i % 7 != 0 && i % 13 != 0 && i % 11 != 0, "\(spec.target): \(id)")
        #expect((contacts[id] ?? 0) < cap, "\(id) was contacted \(contacts[id] ?? 0) times; cap \(cap)")
      }
      let path = directory.file("p\(round).csv")
      _ = try ExportCampaignWorkflow(name: spec.name, out: path).run(context)
      for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst() {
        let id = String(line.split(separator: ",")[0])
        let i = try CampaignFixtures.number(id)
        #expect(i % 7 != 0 && i % 13 != 0 && i % 11 != 0)
        contacts[id, default: 0] += 1
      }
    }
  }
}
