import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaServer

@Suite("Pages: refresh and migration in the segment explorer")
struct MigrationPageTests {
  @Test("an analyst refreshes on the second period and sees the flows, sizes by version and the movers download")
  func refreshFromTheExplorer() async throws {
    let server = try PageServer()
    let folder = try PageFixture.shared.get().folder
    func file(_ name: String) -> String { "\(folder)/\(name)-2024q2.csv" }
    let setup = WorkflowContext(workspacePath: server.configuration.workspacePath, user: "setup", command: "setup")
    _ = try BuildFeaturesWorkflow(
      specPath: "\(folder)/features.yaml", eventPaths: [file("calls"), file("messages"), file("data")],
      period: DemoGenerator.secondPeriod, asOf: DemoGenerator.secondReferenceDay
    ).run(setup)
    try await server.test { client, _ in
      let session = try await client.signIn(.analyst)
      let before = try await client.page("/segments/demo", session).text
      #expect(before.contains("id=\"refresh-form\"") && before.contains("is the first version"))
      #expect(!before.contains("aria-label=\"segment flows\""))
      let refreshed = try await client.submit(
        "/segments/demo/refresh", ["version": "1", "period": "2024Q2", "where": "recency_days <= 30"], session)
      #expect(refreshed.status == .seeOther)
      #expect(refreshed.headers[.location] == "/segments/demo?version=2&done=refreshed#migration")
      let html = try await client.page("/segments/demo?version=2&done=refreshed", session).text
      for part in [
        "Refreshed: version 2 scores period 2024Q2", "id=\"migration-summary\"", "aria-label=\"segment flows\"",
        "table class=\"flows\"", "aria-label=\"segment sizes by version\"", "id=\"movers-form\"", "refreshes v1",
      ] {
        #expect(html.contains(part), "the explorer lacks \(part)")
      }
      #expect(PageMarkup.problems(html) == [])
      let movers = try await client.submit("/segments/demo/movers", ["from": "1", "to": "2"], session)
      #expect(movers.status == .ok && String(buffer: movers.body).hasPrefix("customer_id,from_segment,"))
      let viewer = try await client.signIn(.viewer)
      let shown = try await client.page("/segments/demo?version=2", viewer).text
      #expect(shown.contains("aria-label=\"segment flows\""))
      #expect(!shown.contains("id=\"refresh-form\"") && !shown.contains("id=\"movers-form\""))
      let refused = try await client.submit("/segments/demo/refresh", ["period": "2024Q2"], viewer)
      #expect(refused.status == .forbidden)
    }
  }
}
