import Foundation
import GRDB
import SegmentaCore
import SegmentaFormats
import SegmentaStore
import SegmentaTestSupport
import Testing

@Suite("Campaign pipeline")
struct CampaignPipelineTests {
  /// 200 customers: every 7th opted out of SMS, every 11th without a valid phone, every 13th
  /// do-not-contact; arpu 1…200.
  static func workspace(_ directory: TemporaryDirectory) throws -> Workspace {
    let workspace = try makeWorkspace(directory)
    var lines = ["customer_id,arpu,phone,email,sms_opt_out,email_opt_out,do_not_contact,city"]
    for i in 1...200 {
      let phone = i % 11 == 0 ? "n/a" : "1380000\(String(format: "%04d", i))"
      lines.append(
        "C\(i),\(i),\(phone),c\(i)@example.com,\(i % 7 == 0),\(i % 5 == 0),\(i % 13 == 0 ? "yes" : "no"),"
          + (i % 2 == 0 ? "=1+1" : "北京"))
    }
    try importCSV(lines.joined(separator: "\n") + "\n", into: workspace, directory: directory)
    return workspace
  }

  static func spec(_ name: String = "c1", target: String = "arpu > 50", channel: CampaignSpec.Channel = .sms)
    -> CampaignSpec
  {
    CampaignSpec(
      name: name, product: "=产品", offer: "+offer", target: target, channel: channel, costPerContact: 1,
      controlShare: 0.2, seed: 3)
  }

  @Test("select suppresses opt-outs, do-not-contact and missing phones before the split, and counts them")
  func select() throws {
    let directory = TemporaryDirectory()
    let workspace = try Self.workspace(directory)
    try CampaignPipeline.create(Self.spec(), workspace: workspace)
    let report = try CampaignPipeline.select(workspace: workspace, name: "c1")
    let candidates = Array(51...200)
    let opted = candidates.filter { $0 % 7 == 0 }
    let blocked = candidates.filter { $0 % 7 != 0 && $0 % 13 == 0 }
    let noPhone = candidates.filter { $0 % 7 != 0 && $0 % 13 != 0 && $0 % 11 == 0 }
    let pool = candidates.count - opted.count - blocked.count - noPhone.count
    #expect(report.selection.candidates == 150)
    #expect(
      report.selection.excluded == [
        "opted_out": opted.count, "do_not_contact": blocked.count, "no_contact_address": noPhone.count,
      ])
    #expect(report.selection.controls == Int((0.2 * Double(pool)).rounded(.toNearestOrEven)))
    #expect(report.selection.targets + report.selection.controls == pool)
    let ids = try workspace.customerIDs(keys: try workspace.campaignMembers("c1").map(\.key))
    for id in ids {
      let i = Int(id.dropFirst())!
      #expect(i > 50 && i % 7 != 0 && i % 13 != 0 && i % 11 != 0)
    }
    // Reproducible: selecting again gives the same members.
    let first = try workspace.campaignMembers("c1")
    _ = try CampaignPipeline.select(workspace: workspace, name: "c1")
    #expect(try workspace.campaignMembers("c1") == first)
  }

  @Test("export masks contacts, neutralises formulas, audits, and feeds the frequency cap")
  func exportAndCap() throws {
    let directory = TemporaryDirectory()
    let workspace = try Self.workspace(directory)
    try CampaignPipeline.create(Self.spec(), workspace: workspace)
    let selection = try CampaignPipeline.select(workspace: workspace, name: "c1")
    let path = directory.file("list.csv")
    let record = try CampaignPipeline.export(
      workspace: workspace, name: "c1", path: path, reveal: false, user: "analyst"
    ).record
    #expect(record.rows == selection.selection.targets)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lines = text.split(separator: "\n")
    #expect(lines[0] == "customer_id,phone,product,offer,channel")
    #expect(lines.count == record.rows + 1)
    for line in lines.dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      #expect(fields[1].hasPrefix("138****") && fields[1].count == 11)
      #expect(fields[2] == "'=产品" && fields[3] == "'+offer")
    }
    #expect(!text.contains("13800000"))
    let audit = try workspace.exportAudit()
    #expect(audit.count == 1 && audit[0].user == "analyst" && audit[0].rows == record.rows && !audit[0].revealed)

    let revealed = directory.file("revealed.csv")
    _ = try CampaignPipeline.export(workspace: workspace, name: "c1", path: revealed, reveal: true, user: "analyst")
    #expect(try String(contentsOfFile: revealed, encoding: .utf8).contains(",1380000"))
    #expect(try workspace.exportAudit(campaign: "c1").map(\.revealed) == [false, true])

    // The groups of an exported campaign are fixed.
    #expect(throws: WorkspaceError.self) { try CampaignPipeline.select(workspace: workspace, name: "c1") }

    // Everyone exported twice is capped by a second campaign allowing 2 contacts in 30 days.
    var second = Self.spec("c2", target: "arpu > 0")
    second.frequencyCap = CampaignSpec.FrequencyCap(contacts: 2, days: 30)
    try CampaignPipeline.create(second, workspace: workspace)
    let capped = try CampaignPipeline.select(workspace: workspace, name: "c2")
    #expect(capped.selection.excluded["frequency_cap"] == selection.selection.targets)
    let exportedKeys = Set(try workspace.campaignMembers("c1").filter(\.isTarget).map(\.key))
    #expect(try workspace.campaignMembers("c2").allSatisfy { !exportedKeys.contains($0.key) })
  }

  @Test("responses: a bad row stores nothing; skip mode stores the rest and counts what it left out")
  func responses() throws {
    let directory = TemporaryDirectory()
    let workspace = try Self.workspace(directory)
    try CampaignPipeline.create(Self.spec(), workspace: workspace)
    _ = try CampaignPipeline.select(workspace: workspace, name: "c1")
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
    do {
      _ = try ResponseImport.run(workspace: workspace, campaign: "c1", path: path, skipBadRows: false)
      Issue.record("a bad file was imported")
    } catch let error as DataFileError {
      #expect(error.line == members.count + 2)
      #expect(error.description.contains("customer 'C1' is neither a target nor a control of campaign 'c1'"))
      #expect(error.description.contains("nothing was imported"))
    }
    #expect(try workspace.campaignResponses("c1").isEmpty)

    let report = try ResponseImport.run(workspace: workspace, campaign: "c1", path: path, skipBadRows: true)
    #expect(report.stored == members.count)
    #expect(report.skipped == ["not_in_campaign": 1, "duplicate": 1])
    #expect(report.firstSkippedLine["not_in_campaign"] == members.count + 2)

    let evaluation = try CampaignPipeline.evaluate(workspace: workspace, name: "c1")
    let targets = members.enumerated().filter { $0.element.isTarget }
    let converters = targets.filter { $0.offset % 3 == 0 }.count
    #expect(evaluation.target.customers == targets.count)
    #expect(evaluation.target.converted == converters)
    #expect(evaluation.target.reached == targets.count)
    #expect(abs(evaluation.target.revenue - 25.5 * Double(converters)) < 1e-9)
    #expect(evaluation.economics?.cost == Double(targets.count))

    let learning = try CampaignPipeline.learn(workspace: workspace, name: "c1")
    #expect(learning.targets == targets.count && learning.converters == converters)
    #expect(learning.features.contains { $0.name == "arpu" })
    #expect(!learning.features.contains { $0.name == "phone" })
  }

  @Test(
    "property: whatever the rule, share and cap, no opted-out, do-not-contact or capped customer is selected or exported"
  )
  func suppressionProperty() throws {
    let directory = TemporaryDirectory()
    let workspace = try Self.workspace(directory)
    var random = SplitMix64(seed: 77)
    var contacts: [String: Int] = [:]
    for round in 0..<12 {
      let low = Int(random.next() % 150)
      let high = low + 1 + Int(random.next() % 100)
      let rules = [
        "arpu > \(low) and arpu <= \(high)", "arpu < \(high) or city = \"北京\"",
        "at_least(2, arpu > \(low), city = \"=1+1\", sms_opt_out)", "not (arpu between \(low) and \(high))",
      ]
      var spec = Self.spec("p\(round)", target: rules[Int(random.next() % UInt64(rules.count))])
      spec.controlShare = Double(1 + random.next() % 60) / 100
      spec.seed = random.next()
      spec.control = random.next() % 2 == 0 ? .holdout : .random
      let cap = 1 + Int(random.next() % 3)
      spec.frequencyCap = CampaignSpec.FrequencyCap(contacts: cap, days: 30)
      try CampaignPipeline.create(spec, workspace: workspace)
      _ = try CampaignPipeline.select(workspace: workspace, name: spec.name)
      let members = try workspace.campaignMembers(spec.name)
      let ids = try workspace.customerIDs(keys: members.map(\.key))
      for id in ids {
        let i = Int(id.dropFirst())!
        #expect(i % 7 != 0 && i % 13 != 0 && i % 11 != 0, "\(spec.target): \(id)")
        #expect((contacts[id] ?? 0) < cap, "\(id) was contacted \(contacts[id] ?? 0) times; cap \(cap)")
      }
      let path = directory.file("p\(round).csv")
      _ = try CampaignPipeline.export(workspace: workspace, name: spec.name, path: path, reveal: false, user: "t")
      for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst() {
        let id = String(line.split(separator: ",")[0])
        let i = Int(id.dropFirst())!
        #expect(i % 7 != 0 && i % 13 != 0 && i % 11 != 0)
        contacts[id, default: 0] += 1
      }
    }
  }
}
