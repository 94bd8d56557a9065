import Foundation
import SegmentaTestSupport
import Testing

@Suite("segmenta contacts")
struct ContactsCLITests {
  @Test("attempts → dormant and void statuses, queryable in rules and excluded from campaign selections")
  func workflow() throws {
    let directory = TemporaryDirectory()
    directory.write(
      "customers.csv",
      """
      customer_id,arpu,phone,customer_class
      A,100,13800000001,own
      B,100,13800000002,rival
      C,100,13800000003,prospect
      D,100,13800000004,vip
      E,100,13800000005,own

      """)
    directory.write(
      "attempts.csv",
      """
      customer_id,method,attempted_at,success
      A,phone,2024-03-01,no
      A,短信,2024-03-02,no
      B,phone,2024-03-01 10:00:00,no
      B,sms,2024-03-01 11:00:00,no
      C,phone,2024-03-01,no
      D,phone,2024-03-01,no
      D,sms,2024-03-01,no
      D,sms,2024-03-05,yes

      """)
    _ = try segmentaOK(["init"], in: directory.path)
    _ = try segmentaOK(["import", "customers", "customers.csv"], in: directory.path)
    let report = try jsonObject(
      try segmentaOK(
        ["contacts", "import", "--input", "attempts.csv", "--max-failures", "1", "--methods", "phone,sms", "--json"],
        in: directory.path))
    #expect(report["stored"] as? Int == 8)
    #expect((report["statuses"] as? [String: Int]) == ["dormant": 1, "void": 1])
    let status = try jsonObject(try segmentaOK(["contacts", "status", "--list", "void", "--json"], in: directory.path))
    #expect(status["customers"] as? [String] == ["B"])
    let count = try jsonObject(
      try segmentaOK(["rule", "check", "contact_status = \"dormant\"", "--count", "--json"], in: directory.path))
    #expect(count["matches"] as? Int == 1)

    directory.write(
      "campaign.yaml", "name: c\nproduct: p\ntarget: arpu > 0\nchannel: sms\ncontrol_share: 0.2\n")
    _ = try segmentaOK(["campaign", "create", "--spec", "campaign.yaml"], in: directory.path)
    let selected = try jsonObject(try segmentaOK(["campaign", "select", "c", "--json"], in: directory.path))
    let selection = try #require(selected["selection"] as? [String: Any])
    #expect((selection["excluded"] as? [String: Int]) == ["contact_status": 2])
    #expect((selection["targets"] as? Int ?? 0) + (selection["controls"] as? Int ?? 0) == 3)

    // Settings are kept: a second file uses them; a bad row stores nothing.
    directory.write("more.csv", "customer_id,method,attempted_at,success\nE,phone,2024-04-01,no\nE,fax,someday,no\n")
    let bad = try segmenta(["contacts", "import", "--input", "more.csv"], in: directory.path)
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("more.csv:3: column 3 'attempted_at': expected a date"))
    let after = try jsonObject(try segmentaOK(["contacts", "status", "--json"], in: directory.path))
    #expect(after["dormant"] as? Int == 1)
    let settings = try #require(after["settings"] as? [String: Any])
    #expect(settings["maximum_failures"] as? Int == 1)
  }
}
