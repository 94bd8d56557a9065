import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@Suite("Segment members: a page of a segmentation's customers, never their personal data")
struct SegmentMembersWorkflowTests {
  @Test("pages cover every customer once, with cluster, segment, name and feature values")
  func pages() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let first = try SegmentMembersWorkflow(name: "usage", limit: 50).run(context)
    let second = try SegmentMembersWorkflow(name: "usage", offset: 50, limit: 50).run(context)
    #expect(first.total == 90 && first.items.count == 50 && second.items.count == 40)
    #expect(first.version == 1 && first.features == ["calls", "sms", "data"])
    let all = first.items + second.items
    #expect(Set(all.map(\.customerId)).count == 90)
    // The planted data: C<i> has calls 10, 300 or 50 (times a small jitter) by i % 3.
    for member in all {
      let index = try #require(Int(member.customerId.dropFirst()))
      let calls = try #require(member.features.first { $0.name == "calls" }?.value)
      let jitter = Double(index % 7) * 0.1
      #expect(abs(calls - [10.0, 300, 50][index % 3] * (1 + jitter / 10)) < 1e-9)
      #expect((1...3).contains(member.segment) && (1...3).contains(member.cluster))
      #expect(!member.segmentName.isEmpty)
    }
    // Everyone of a planted group shares a segment.
    let segments = Dictionary(grouping: all, by: { Int($0.customerId.dropFirst())! % 3 }).mapValues {
      Set($0.map(\.segment))
    }
    #expect(segments.values.allSatisfy { $0.count == 1 })

    let beyond = try SegmentMembersWorkflow(name: "usage", offset: 90).run(context)
    #expect(beyond.total == 90 && beyond.items.isEmpty)
  }

  @Test("one segment's members add up to its size; no phone or e-mail is ever in the output")
  func segment() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    var sizes = 0
    for segment in 1...3 {
      let page = try SegmentMembersWorkflow(name: "usage", segment: segment, limit: 500, featureCount: 10).run(context)
      #expect(page.items.allSatisfy { $0.segment == segment } && page.items.count == page.total)
      sizes += page.total
      let json = try ReportJSON.encode(page)
      #expect(!json.contains("1380000") && !json.contains("@example.com"))
    }
    #expect(sizes == 90)
    let bare = try SegmentMembersWorkflow(name: "usage", limit: 1, featureCount: 0).run(context)
    #expect(bare.features.isEmpty && bare.items.first?.features == [])
  }

  @Test("a segment, limit or offset out of range is refused naming the field")
  func refusals() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let cases: [(SegmentMembersWorkflow, SegmentaError.Code, String?)] = [
      (SegmentMembersWorkflow(name: "usage", segment: 4), .notFound, "segment"),
      (SegmentMembersWorkflow(name: "usage", segment: 0), .notFound, "segment"),
      (SegmentMembersWorkflow(name: "usage", limit: 0), .invalidRequest, "limit"),
      (SegmentMembersWorkflow(name: "usage", limit: 501), .invalidRequest, "limit"),
      (SegmentMembersWorkflow(name: "usage", offset: -1), .invalidRequest, "offset"),
    ]
    for (workflow, code, field) in cases {
      let error = #expect(throws: SegmentaError.self) { try workflow.run(context) }
      #expect(error?.code == code && error?.field == field)
    }
    let missing = #expect(throws: SegmentaError.self) { try SegmentMembersWorkflow(name: "nope").run(context) }
    #expect(missing?.code == .notFound)
  }
}
