import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaServer

@Suite("API: refresh, migration and movers on the demo's second period")
struct MigrationAPITests {
  /// A server over a copy of the demo workspace with the second period's customers imported and its wide
  /// table built (not yet refreshed).
  static func server() throws -> APIServer {
    let server = try APIServer()
    let folder = server.fixture.folder
    func file(_ name: String) -> String { "\(folder)/\(name)-2024q2.csv" }
    let context = WorkflowContext(workspacePath: server.configuration.workspacePath, user: "setup", command: "setup")
    _ = try ImportCustomersWorkflow(path: file("customers")).run(context)
    _ = try BuildFeaturesWorkflow(
      specPath: "\(folder)/features.yaml", eventPaths: [file("calls"), file("messages"), file("data")],
      period: DemoGenerator.secondPeriod, asOf: DemoGenerator.secondReferenceDay
    ).run(context)
    return server
  }

  @Test("refresh as an analyst, read the migration as a viewer, download the audited movers; refusals by role")
  func refreshAndMigration() async throws {
    let server = try Self.server()
    try await server.test { client, state in
      let document = APIDocument(state)
      let body = #"{"period":"2024Q2","where":"recency_days <= 30"}"#
      let viewer = try await client.call(
        .post, "/api/v1/segmentations/demo/refresh", as: .vic, server: server, body: body)
      #expect(viewer.status == .forbidden)
      let refreshed = try await client.call(
        .post, "/api/v1/segmentations/demo/refresh", as: .ana, server: server, body: body)
      #expect(
        refreshed.status == .ok && document.problems(refreshed, .post, "/api/v1/segmentations/:name/refresh") == [])
      let output = try refreshed.json()
      #expect(output["version"] == 2 && output["refreshes"] == 1 && output["period"] == "2024Q2")
      let left = try #require(output["left_out"]?.numberValue)
      #expect(left > 0)

      let shown = try await client.call(.get, "/api/v1/segmentations/demo/migration", as: .vic, server: server)
      #expect(shown.status == .ok && document.problems(shown, .get, "/api/v1/segmentations/:name/migration") == [])
      let migration = try shown.json()
      #expect(migration["from"]?["version"] == 1 && migration["to"]?["version"] == 2 && migration["linked"] == true)
      let flows = (migration["migration"]?["flows"]?.elements ?? []).map { row in
        row.elements.compactMap(\.numberValue).map { Int($0) }
      }
      let common = try #require(migration["migration"]?["common"]?.numberValue)
      #expect(flows.count == 8 && flows.joined().reduce(0, +) == Int(common))
      #expect(migration["migration"]?["exits"]?.numberValue ?? 0 > 0)
      #expect(migration["migration"]?["entries"]?.numberValue ?? 0 > 0)
      let movers = Int(try #require(migration["migration"]?["movers"]?.numberValue))

      let refused = try await client.call(.post, "/api/v1/segmentations/demo/movers", as: .vic, server: server)
      #expect(refused.status == .forbidden)
      let download = try await client.call(.post, "/api/v1/segmentations/demo/movers", as: .cam, server: server)
      #expect(download.status == .ok && download.headers[.contentType]?.hasPrefix("text/csv") == true)
      let lines = download.text.split(separator: "\n")
      #expect(lines.first == "customer_id,from_segment,from_name,to_segment,to_name" && lines.count == movers + 1)
      let audit = try await client.call(.get, "/api/v1/audit?limit=500", as: .ada, server: server).json()
      let subjects = (audit["items"]?.elements ?? []).compactMap { $0["campaign"]?.stringValue }
      #expect(subjects.contains("demo v1→v2 movers"))

      // Rules read the previous assignment.
      let rule = try await client.call(
        .post, "/api/v1/rules/check", as: .vic, server: server,
        body: #"{"rule":"segment(demo, previous) = 1 and segment(demo) = 1","count":true}"#)
      #expect(try rule.json()["matches"]?.numberValue == Double(flows[0][0]))

      // The detail's report carries the flows and the sizes by version.
      let detail = try await client.call(.get, "/api/v1/segmentations/demo", as: .vic, server: server)
      #expect(detail.status == .ok && document.problems(detail, .get, "/api/v1/segmentations/:name") == [])
      let report = try detail.json()["report"]
      #expect(report?["flows"]?["from_version"] == 1 && report?["history"]?.elements.count == 2)

      let same = try await client.call(
        .get, "/api/v1/segmentations/demo/migration?from=2&to=2", as: .vic, server: server)
      #expect(
        same.status == .badRequest && document.problems(same, .get, "/api/v1/segmentations/:name/migration") == [])
      let period = try await client.call(
        .post, "/api/v1/segmentations/demo/refresh", as: .ana, server: server, body: #"{"period":"nope"}"#)
      let periodField = try period.json()["error"]?["field"]
      #expect(period.status == .notFound && periodField == "period")
      let rule422 = try await client.call(
        .post, "/api/v1/segmentations/demo/refresh", as: .ana, server: server, body: #"{"where":"arpu >"}"#)
      #expect(rule422.status == .unprocessableContent)
      let unknown = try await client.call(.get, "/api/v1/segmentations/nope/migration", as: .vic, server: server)
      #expect(unknown.status == .notFound)
    }
  }
}
