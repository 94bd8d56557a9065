import Foundation
import SegmentaTestSupport
import Testing

@Suite("Members of a segment, a tag and a rule on the command line")
struct MembersCLITests {
  @Test("segments, tags and rule members on the demo: JSON counts, masked personal columns, the file and its audit")
  func demoMembers() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    _ = try segmentaOK(["demo", "--customers", "600", "--seed", "3", "--out", "d"], in: here)
    let workspace = ["--workspace", "d/segmenta.db"]
    let segment = try jsonObject(
      try segmentaOK(
        ["segments", "members", "demo", "1", "--columns", "arpu,phone", "--limit", "3", "--json"] + workspace,
        in: here))
    let count = try #require(segment["count"] as? Int)
    let rows = try #require(segment["rows"] as? [[Any]])
    #expect(count > 0 && rows.count == 3)
    #expect(rows.allSatisfy { ($0.last as? String)?.contains("****") ?? true })
    let columns = try #require(segment["columns"] as? [[String: Any]])
    #expect(columns.map { $0["name"] as? String } == ["customer_id", "arpu", "phone"])
    #expect(columns.last?["masked"] as? Bool == true)

    let check = try jsonObject(
      try segmentaOK(["rule", "check", "arpu > 100", "--count", "--json"] + workspace, in: here))
    let rule = try jsonObject(try segmentaOK(["rule", "members", "arpu > 100", "--json"] + workspace, in: here))
    #expect(rule["count"] as? Int == check["matches"] as? Int && (rule["rows"] as? [Any])?.count == 20)

    let tags = try #require(
      try JSONSerialization.jsonObject(
        with: Data(try segmentaOK(["tags", "list", "--json"] + workspace, in: here).utf8))
        as? [[String: Any]])
    let tag = try #require(tags.first { $0["count"] is Int })
    let name = try #require(tag["name"] as? String)
    let tagged = try jsonObject(
      try segmentaOK(["tags", "members", name, "--limit", "0", "--json"] + workspace, in: here))
    #expect(tagged["count"] as? Int == tag["count"] as? Int)

    let text = try segmentaOK(["segments", "members", "demo", "1", "--out", "seg1.csv"] + workspace, in: here)
    #expect(text.contains("members of segment 1 (") && text.contains("wrote every member to seg1.csv"))
    let lines = try String(contentsOfFile: here + "/seg1.csv", encoding: .utf8).split(separator: "\n")
    #expect(lines.count == count + 1 && lines.first?.hasPrefix("customer_id,") == true)
    let audit = try segmentaOK(["campaign", "audit"] + workspace, in: here)
    #expect(audit.contains("seg1.csv"))

    let table = try segmentaOK(["rule", "members", "arpu > 100", "--limit", "5"] + workspace, in: here)
    #expect(table.contains("customer_id") && table.contains("the first 5 shown"))
    let refused = try segmenta(
      ["segments", "members", "demo", "1", "--out", "d/segmenta.db", "--json"] + workspace, in: here)
    #expect(refused.status == 1)
    let unknown = try segmenta(["rule", "members", "arpu > 1", "--columns", "arpuu", "--json"] + workspace, in: here)
    let error = try #require(try jsonObject(unknown.stdout)["error"] as? [String: Any])
    #expect(unknown.status == 1 && error["field"] as? String == "columns")
    #expect((error["message"] as? String)?.contains("close names: arpu") == true)
  }
}
