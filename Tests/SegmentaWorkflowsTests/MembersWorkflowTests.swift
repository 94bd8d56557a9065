import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import Testing

@testable import SegmentaStore
@testable import SegmentaWorkflows

@Suite("Members of a segment, a tag or a rule: counts, columns, masking, audit and output guard")
struct MembersWorkflowTests {
  @Test("segment, tag and rule members count as the segment's size, the tag's apply and `rule check`")
  func countsAgree() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let stored = try store(context).segmentation(named: "usage")
    var total = 0
    for segment in 1...stored.model.segmentCount {
      let output = try MembersWorkflow(source: .segment(segmentation: "usage", version: nil, segment: "\(segment)"))
        .run(context)
      #expect(output.count == stored.model.groupSizes[segment - 1] && output.source == "segment")
      #expect(output.rows.count == min(20, output.count) && output.customers == 90)
      total += output.count
    }
    #expect(total == 90)
    // By name, in either language or both.
    let label = stored.displayNames[1]
    for name in [label.en, label.zh, SegmentNames.combined(label)] {
      let byName = try MembersWorkflow(source: .segment(segmentation: "usage", version: 1, segment: name)).run(context)
      #expect(byName.count == stored.model.groupSizes[1])
    }
    let tag = try MembersWorkflow(source: .tag("busy", value: nil), limit: 100).run(context)
    let applied = try #require(try store(context).tags().first { $0.definition.name == "busy" }?.latest)
    #expect(tag.count == applied.change.count && tag.rule == "calls > 100" && tag.rows.count == tag.count)
    #expect(tag.columns.map(\.name) == ["customer_id", "calls"])
    #expect(tag.rows.allSatisfy { row in if case .number(let calls) = row[1] { calls > 100 } else { false } })
    for rule in ["calls > 100", "sms >= 20 and data < 500", "city = \"北京\""] {
      let checked = try CheckRuleWorkflow(rule: rule, count: true).run(context)
      let members = try MembersWorkflow(source: .rule(rule), limit: 0).run(context)
      #expect(members.count == checked.matches && members.unknown == checked.unknown && members.rows.isEmpty)
    }
  }

  @Test("columns: features, customer columns, segments and tags; an unknown column is refused with close names")
  func columns() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let output = try MembersWorkflow(
      source: .rule("calls > 100"), columns: ["calls_f", "city", "segment(usage)", "tag(busy)", "customer_id"],
      limit: 5
    ).run(context)
    #expect(output.columns.map(\.name) == ["customer_id", "calls_f", "city", "segment(usage)", "tag(busy)"])
    #expect(output.columns.map(\.kind) == ["id", "feature", "customer", "segment", "tag"])
    #expect(output.period == "P1" && output.rows.count == 5)
    for row in output.rows {
      guard case .text(let id) = row[0], case .number(let calls) = row[1], case .number(let busy) = row[4] else {
        Issue.record("unexpected cells \(row)")
        continue
      }
      #expect(id.hasPrefix("C") && calls > 100 && busy == 1)
      if case .text(let segment) = row[3] { #expect(!segment.isEmpty) } else { Issue.record("no segment") }
    }
    let error = #expect(throws: SegmentaError.self) {
      try MembersWorkflow(source: .rule("calls > 100"), columns: ["cals"]).run(context)
    }
    #expect(error?.code == .notFound && error?.field == "columns")
    #expect(error?.message.contains("'cals'") == true && error?.message.contains("close names: calls") == true)
  }

  @Test("personal columns are masked; revealed only for a role that may, and then audited")
  func masking() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory, file: true)
    var analyst = context
    analyst.role = .analyst
    let masked = try MembersWorkflow(source: .rule("calls > 0"), columns: ["phone", "email"], limit: 90).run(analyst)
    #expect(masked.columns.filter(\.personal).allSatisfy(\.masked) && !masked.revealed)
    let json = try ReportJSON.encode(masked)
    #expect(!json.contains("13800000") && !json.contains("c1@example.com"))
    #expect(json.contains("138****") && json.contains("***@example.com"))
    let refused = #expect(throws: SegmentaError.self) {
      try MembersWorkflow(source: .rule("calls > 0"), columns: ["phone"], reveal: true).run(analyst)
    }
    #expect(refused?.code == .forbidden)
    #expect(try store(context).exportAudit().allSatisfy { $0.kind != .members })

    var admin = context
    admin.role = .admin
    let shown = try MembersWorkflow(source: .rule("calls > 0"), columns: ["phone"], limit: 3, reveal: true).run(admin)
    #expect(
      shown.revealed
        && shown.rows.allSatisfy { row in if case .text(let p) = row[1] { p.hasPrefix("1380000") } else { false } })
    let out = directory.file("members.csv")
    let written = try MembersWorkflow(
      source: .segment(segmentation: "usage", version: nil, segment: "1"), columns: ["email"], out: out
    ).run(context)
    let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
    #expect(lines.first == "customer_id,email" && lines.count == written.count + 1)
    #expect(lines.dropFirst().allSatisfy { $0.contains("***@example.com") })
    let audit = try store(context).exportAudit().filter { $0.kind == .members }
    #expect(audit.count == 2)
    #expect(audit[0].file == "-" && audit[0].rows == 3 && audit[0].revealed)
    #expect(audit[1].file == out && audit[1].rows == written.count && !audit[1].revealed)
    #expect(audit[1].campaign.hasPrefix("segment 1 ") && audit[1].user == "tester")
  }

  @Test("a written file holds every member; the workspace, a directory or a bad column changes nothing")
  func outputGuard() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory, file: true)
    let out = directory.file("busy.csv")
    let output = try MembersWorkflow(source: .tag("busy", value: nil), out: out, limit: 2).run(context)
    let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == output.count + 1 && output.rows.count == 2 && output.file == out)
    for path in [context.workspacePath, context.workspacePath + "-wal", directory.path] {
      let error = #expect(throws: SegmentaError.self) {
        try MembersWorkflow(source: .rule("calls > 0"), out: path).run(context)
      }
      #expect(error?.code == .invalidRequest && error?.file == path && error?.message.hasPrefix("--out") == true)
    }
    let before = try store(context).exportAudit().count
    _ = #expect(throws: SegmentaError.self) {
      try MembersWorkflow(source: .rule("calls > 0"), columns: ["nope"], out: directory.file("x.csv")).run(context)
    }
    #expect(try store(context).exportAudit().count == before)
    #expect(!FileManager.default.fileExists(atPath: directory.file("x.csv")))
  }

  @Test("refusals: unknown segment, tag or family value; a rule that does not check")
  func refusals() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let cases: [(MembersWorkflow.Source, SegmentaError.Code, String?)] = [
      (.segment(segmentation: "usage", version: nil, segment: "9"), .notFound, "segment"),
      (.segment(segmentation: "usage", version: nil, segment: "nobody"), .notFound, "segment"),
      (.tag("bussy", value: nil), .notFound, "tag"),
      (.tag("busy", value: "x"), .invalidRequest, "value"),
      (.rule("calls >"), .invalidRule, "rule"),
    ]
    for (source, code, field) in cases {
      let error = #expect(throws: SegmentaError.self) { try MembersWorkflow(source: source).run(context) }
      #expect(error?.code == code && error?.field == field, "\(source)")
    }
    let typo = #expect(throws: SegmentaError.self) {
      try MembersWorkflow(source: .tag("bussy", value: nil)).run(context)
    }
    #expect(typo?.message.contains("close names: busy") == true)
  }

  @Test("the column chooser offers what rules read, personal columns, segments and tags; defaults by source")
  func choices() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let segment = try MemberColumnChoicesWorkflow(
      source: .segment(segmentation: "usage", version: nil, segment: "1")
    ).run(context)
    let kinds = Dictionary(segment.choices.map { ($0.name, $0.kind) }, uniquingKeysWith: { a, _ in a })
    #expect(kinds["calls_f"] == "feature" && kinds["city"] == "customer" && kinds["phone"] == "personal")
    #expect(kinds["segment(usage)"] == "segment" && kinds["tag(busy)"] == "tag" && kinds["contact_status"] == nil)
    #expect(segment.defaults == ["calls", "sms", "data"] && segment.period == "P1")
    #expect(try MemberColumnChoicesWorkflow(source: .tag("busy", value: nil)).run(context).defaults == ["calls"])
    #expect(try MemberColumnChoicesWorkflow().run(context).defaults.isEmpty)
  }

  @Test("a value family's tag is found by its value")
  func tagFamily() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let definitions = try TagSpecParser.parse(
      "tags:\n  - name: town\n    category: demographic\n    values: {field: city, values: [北京, 上海]}\n",
      file: "t.yaml")
    _ = try DefineTagsWorkflow(source: .definitions(definitions, source: "t.yaml")).run(context)
    _ = try ApplyTagsWorkflow().run(context)
    let beijing = try MembersWorkflow(source: .tag("town", value: "北京"), limit: 0).run(context)
    let checked = try CheckRuleWorkflow(rule: "city = \"北京\"", count: true).run(context)
    #expect(beijing.count == checked.matches && beijing.subject.hasPrefix("tag town_北京"))
    let family = #expect(throws: SegmentaError.self) {
      try MembersWorkflow(source: .tag("town", value: nil)).run(context)
    }
    #expect(family?.field == "value" && family?.message.contains("town_上海") == true)
    let missing = #expect(throws: SegmentaError.self) {
      try MembersWorkflow(source: .tag("town", value: "广州")).run(context)
    }
    #expect(missing?.code == .notFound && missing?.message.contains("北京, 上海") == true)
  }
}
