import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@Suite("Campaign export: masked contacts, neutralised formulas, audit, frequency cap")
struct ExportCampaignWorkflowTests {
  @Test("export masks contacts, neutralises formulas, audits, and feeds the frequency cap")
  func exportAndCap() throws {
    let directory = TemporaryDirectory()
    let context = try CampaignFixtures.context(directory)
    let workspace = try store(context)
    try CampaignFixtures.create(CampaignFixtures.spec(), context)
    let selection = try CampaignFixtures.select("c1", context)
    let path = directory.file("list.csv")
    let analyst = WorkflowContext(workspace: workspace, user: "analyst")
    let record = try ExportCampaignWorkflow(name: "c1", out: path).run(analyst).record
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
    _ = try ExportCampaignWorkflow(name: "c1", out: revealed, reveal: true).run(analyst)
    #expect(try String(contentsOfFile: revealed, encoding: .utf8).contains(",1380000"))
    #expect(try workspace.exportAudit(campaign: "c1").map(\.revealed) == [false, true])

    // The groups of an exported campaign are fixed.
    let fixed = #expect(throws: SegmentaError.self) { try CampaignFixtures.select("c1", context) }
    #expect(fixed?.code == .conflict)

    // Everyone exported twice is capped by a second campaign allowing 2 contacts in 30 days.
    var second = CampaignFixtures.spec("c2", target: "arpu > 0")
    second.frequencyCap = CampaignSpec.FrequencyCap(contacts: 2, days: 30)
    try CampaignFixtures.create(second, context)
    let capped = try CampaignFixtures.select("c2", context)
    #expect(capped.selection.excluded[.frequencyCap] == selection.selection.targets)
    let exportedKeys = Set(try workspace.campaignMembers("c1").filter(\.isTarget).map(\.key))
    #expect(try workspace.campaignMembers("c2").allSatisfy { !exportedKeys.contains($0.key) })
  }
}
