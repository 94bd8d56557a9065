import Foundation
import SegmentaCore
import Testing

@testable import SegmentaIO

@Suite("Campaign target lists as SQL")
struct CampaignSQLTests {
  static let schema = RuleSchema(
    fields: ["arpu": .number, "sms_opt_out": .boolean],
    segmentations: ["usage": [RuleSchema.Segment(id: 1, names: ["A"]), RuleSchema.Segment(id: 2, names: ["B"])]])

  static func plan(_ spec: CampaignSpec, dialect: SQLDialect) throws -> CampaignSQL {
    let rule = try CompiledRule(spec.target, schema: schema)
    return CampaignSQL(
      spec: spec, rule: RuleSQL(rule: rule, columns: ["arpu": .number], dialect: dialect),
      columns: CampaignSQL.Columns(
        optOut: [(name: "sms_opt_out", type: .boolean)], doNotContact: (name: "do_not_contact", type: .integer),
        contact: "phone"),
      capSince: spec.frequencyCap.map { 1_714_557_600 - Int64($0.days) * 86_400 })
  }

  static let holdout = CampaignSpec(
    name: "q2 upgrade", product: "套餐", target: "arpu > 50 and segment(usage) in [1]", channel: .sms,
    controlShare: 0.25, seed: 7, stratifyBy: "usage", maximumTargets: 400,
    frequencyCap: CampaignSpec.FrequencyCap(contacts: 2, days: 30))

  static let tables = CampaignSQL.Tables(
    table: "features", customers: "crm.customers", statuses: "contact_statuses", contacts: "contacts",
    list: "campaign_q2_upgrade")

  @Test("the same campaign gives the same text, naming its source, on every engine", arguments: SQLDialect.allCases)
  func deterministic(dialect: SQLDialect) throws {
    let first = try Self.plan(Self.holdout, dialect: dialect).script(Self.tables)
    let second = try Self.plan(Self.holdout, dialect: dialect).script(Self.tables)
    #expect(first == second)
    #expect(first.hasPrefix("-- Campaign 'q2 upgrade' compiled by Segmenta for \(dialect.title)"))
    #expect(first.contains("--   target rule: arpu > 50 and segment(usage) in [1]"))
    #expect(first.contains("DROP TABLE IF EXISTS \(dialect.table("campaign_q2_upgrade"));"))
    // The window starts 30 days before 2024-05-01T10:00:00; the share and the list size as exact constants.
    #expect(first.contains("TIMESTAMP '2024-04-01 10:00:00'"))
    #expect(first.contains("0.25e0 * CAST(COUNT(*) OVER (PARTITION BY \(dialect.identifier("stratum")))"))
    #expect(first.contains("<= 533"), "floor(400 ÷ 0.75) customers stay on the list")
    #expect(first.contains(dialect.text("7:")) && first.contains(dialect.text("7:list:")))
    // The address is only checked (in the header and in the usability test), never written.
    let phone = dialect.identifier("phone")
    #expect(
      first.components(separatedBy: phone).count - 1
        == first.components(separatedBy: "TRIM(CAST(p.\(phone)").count - 1, "no personal column is written")
    // A different seed draws other customers.
    var other = Self.holdout
    other.seed = 8
    #expect(try Self.plan(other, dialect: dialect).script(Self.tables) != first)
  }

  @Test("a random control group draws round(share ÷ (1 − share) × targets) customers the rule leaves out")
  func randomControls() throws {
    var spec = Self.holdout
    spec.control = .random
    spec.controlShare = 0.5
    spec.stratifyBy = nil
    let text = try Self.plan(spec, dialect: .duckdb).script(Self.tables)
    #expect(text.contains("(1 * CAST(COUNT(*) AS DOUBLE))"), "0.5 ÷ 0.5 = 1 control per target")
    #expect(text.contains("LEFT JOIN \"selected\" AS r"))
    #expect(text.contains("<= 400"), "the list keeps maximum_targets targets")
    #expect(text.contains("CAST(NULL AS BIGINT) AS \"stratum\""))
  }

  @Test("halves round to even in the hold-out split and up in the random one")
  func rounding() {
    #expect(
      CampaignSQL.roundedHalfEven("w")
        == "(CASE WHEN w - FLOOR(w) > 0.5e0 THEN CAST(FLOOR(w) AS BIGINT) + 1 "
        + "WHEN w - FLOOR(w) < 0.5e0 THEN CAST(FLOOR(w) AS BIGINT) "
        + "ELSE CAST(FLOOR(w) AS BIGINT) + CAST(FLOOR(w) AS BIGINT) % 2 END)")
    #expect(
      CampaignSQL.roundedHalfUp("w")
        == "(CASE WHEN w - FLOOR(w) >= 0.5e0 THEN CAST(FLOOR(w) AS BIGINT) + 1 ELSE CAST(FLOOR(w) AS BIGINT) END)")
    // The same decisions as Swift's, over the doubles the engines multiply.
    for (share, n) in [(0.5, 3), (0.5, 5), (0.25, 6), (0.25, 10), (0.1, 15), (0.3, 7)] {
      let wanted = share * Double(n)
      let whole = wanted.rounded(.down)
      let fraction = wanted - whole
      let sql = fraction > 0.5 ? whole + 1 : fraction < 0.5 ? whole : whole + whole.truncatingRemainder(dividingBy: 2)
      #expect(sql == wanted.rounded(.toNearestOrEven), "\(share) × \(n)")
    }
  }

  @Test(
    "the phone pattern accepts what ContactSafety.phone accepts",
    arguments: [
      "+86 138-0000-1234", "12a45", "+", " 1234 ", "(010) 1234", "13800001234", "1234", "++8613800001234",
      "138+0000", "1380000123456789", "138.0000.1234", "", "  +86 (10) 6552-9988  ",
    ])
  func phonePattern(text: String) throws {
    let pattern = try NSRegularExpression(pattern: CampaignSQL.phonePattern)
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let matches =
      pattern.firstMatch(in: trimmed, range: NSRange(trimmed.startIndex..., in: trimmed)) != nil
    let digits = trimmed.filter { $0.isASCII && $0.isNumber }.count
    #expect((matches && (5...15).contains(digits)) == (ContactSafety.phone(text) != nil), "'\(text)'")
    #expect(SuppressionPolicy.isUsable(text, for: .phone) == (ContactSafety.phone(text) != nil))
  }

  @Test("the default list table is the campaign's name made an identifier")
  func listTable() {
    #expect(CampaignSQL.listTable(for: "q2 upgrade") == "campaign_q2_upgrade")
    #expect(CampaignSQL.listTable(for: "股票-app") == "campaign____app")
    #expect(SQLDialect.isTableName(CampaignSQL.listTable(for: "股票-app")))
  }
}
