import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaServer

@Suite("API: members of a segment, a tag and a rule; pages, masked downloads, reveal by role, audit")
struct MembersAPITests {
  @Test("segment members: a page counts the segment, a download holds every member, reveal only for a role that may")
  func segmentMembers() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let detail = try await client.call(.get, "/api/v1/segmentations/demo", as: .vic, server: server).json()
      let size = Int(try #require(detail["sizes"]?.elements.first?.numberValue))
      let page = try await client.call(
        .get, "/api/v1/segmentations/demo/segments/1/members?limit=5&columns=arpu,phone", as: .vic, server: server)
      #expect(page.status == .ok)
      #expect(document.problems(page, .get, "/api/v1/segmentations/:name/segments/:segment/members") == [])
      let shown = try page.json()
      #expect(shown["count"]?.numberValue == Double(size) && shown["rows"]?.elements.count == 5)
      let phones = (shown["rows"]?.elements ?? []).compactMap { $0.elements.last?.stringValue }
      #expect(phones.count == 5 && phones.allSatisfy { $0.contains("*") })

      let path = "/api/v1/segmentations/demo/segments/1/members/export"
      let body = #"{"columns":"arpu,phone"}"#
      #expect(try await client.call(.post, path, as: .vic, server: server, body: body).status == .forbidden)
      let masked = try await client.call(.post, path, as: .ana, server: server, body: body)
      #expect(masked.status == .ok && masked.headers[.contentType]?.hasPrefix("text/csv") == true)
      let lines = masked.text.split(separator: "\n")
      #expect(lines.first == "customer_id,arpu,phone" && lines.count == size + 1)
      #expect(lines.dropFirst().allSatisfy { $0.contains("****") || $0.hasSuffix(",") })
      let refused = try await client.call(
        .post, path, as: .ana, server: server, body: #"{"columns":"phone","reveal":true}"#)
      #expect(refused.status == .forbidden)
      let revealed = try await client.call(
        .post, path, as: .ada, server: server, body: #"{"columns":"phone","reveal":true}"#)
      #expect(revealed.status == .ok)
      #expect(revealed.text.split(separator: "\n").dropFirst().contains { !$0.contains("*") && $0.count > 12 })
      let audit = try await client.call(.get, "/api/v1/audit?limit=500", as: .ada, server: server).json()
      let members = (audit["items"]?.elements ?? []).filter { $0["kind"]?.stringValue == "members" }
      #expect(members.count == 2)
      #expect(members.map { $0["revealed"] } == [false, true])
      #expect(members.allSatisfy { $0["rows"]?.numberValue == Double(size) })
    }
  }

  @Test("rule and tag members count as `rule check` and the tag's apply; by name; refusals name the field")
  func ruleAndTagMembers() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let checked = try await client.call(
        .post, "/api/v1/rules/check", as: .vic, server: server, body: #"{"rule":"arpu > 100","count":true}"#
      ).json()
      let matches = try #require(checked["matches"]?.numberValue)
      let page = try await client.call(
        .get, "/api/v1/rules/members?rule=arpu%20%3E%20100&limit=3", as: .vic, server: server)
      #expect(page.status == .ok && document.problems(page, .get, "/api/v1/rules/members") == [])
      let shown = try page.json()
      #expect(shown["count"]?.numberValue == matches)
      #expect(shown["columns"]?.elements.compactMap { $0["name"]?.stringValue } == ["customer_id", "arpu"])
      let download = try await client.call(
        .post, "/api/v1/rules/members/export", as: .cam, server: server, body: #"{"rule":"arpu > 100"}"#)
      #expect(download.status == .ok && download.text.split(separator: "\n").count == Int(matches) + 1)

      let tags = try await client.call(.get, "/api/v1/tags", as: .vic, server: server).json()
      let tag = try #require(tags["items"]?.elements.first { $0["count"]?.numberValue != nil })
      let name = try #require(tag["name"]?.stringValue)
      let tagged = try await client.call(.get, "/api/v1/tags/\(name)/members?limit=1", as: .vic, server: server)
      #expect(tagged.status == .ok && document.problems(tagged, .get, "/api/v1/tags/:name/members") == [])
      #expect(try tagged.json()["count"] == tag["count"])
      let exported = try await client.call(.post, "/api/v1/tags/\(name)/members/export", as: .ana, server: server)
      #expect(exported.status == .ok)
      #expect(exported.text.split(separator: "\n").count == Int(try #require(tag["count"]?.numberValue)) + 1)

      let unknown = try await client.call(
        .get, "/api/v1/rules/members?rule=arpu%20%3E%201&columns=arpuu", as: .vic, server: server)
      #expect(unknown.status == .notFound && document.problems(unknown, .get, "/api/v1/rules/members") == [])
      #expect(try unknown.json()["error"]?["field"] == "columns")
      let missing = try await client.call(.get, "/api/v1/rules/members", as: .vic, server: server)
      #expect(missing.status == .badRequest)
      let noSegment = try await client.call(
        .get, "/api/v1/segmentations/demo/segments/99/members", as: .vic, server: server)
      let field = try noSegment.json()["error"]?["field"]
      #expect(noSegment.status == .notFound && field == "segment")
    }
  }
}
