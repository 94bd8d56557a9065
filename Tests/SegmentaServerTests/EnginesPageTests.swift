import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaServer

@Suite("The Engines page: a pasted wide-table spec, the value table and a profile as SQL; the Data page's import")
struct EnginesPageTests {
  /// A context over the page server's workspace, to run the command's workflow beside the page.
  static func context(_ server: PageServer) -> WorkflowContext {
    WorkflowContext(workspacePath: server.configuration.workspacePath, user: "analyst")
  }

  @Test("a spec pasted into the page (lines ended by CR LF) shows and downloads the query the workflow compiles")
  func features() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let session = try await client.signIn(.analyst)
      let page = try await client.page("/engines", session)
      #expect(page.status == .ok && PageMarkup.problems(page.text).isEmpty)
      for id in ["engines-features", "engines-value", "engines-profile"] { #expect(page.text.contains("id=\"\(id)\"")) }
      let posts = page.text.components(separatedBy: "method=\"post\"").count - 1
      let tokens = page.text.components(separatedBy: "name=\"_csrf\" value=\"\(session.csrf)\"").count - 1
      #expect(posts == tokens && posts >= 3, "\(posts) forms post, \(tokens) carry the token")

      let spec = CompileAPITests.spec
      let expected = try CompileFeaturesWorkflow(spec: .text(spec, name: "spec"), target: .spark)
        .run(Self.context(server)).sql
      let fields = [
        "kind": "features", "spec": spec.replacingOccurrences(of: "\n", with: "\r\n"), "target": "spark",
        "period": "",
      ]
      let shown = try await client.submit("/engines", fields, session)
      #expect(shown.status == .ok && PageMarkup.problems(shown.text).isEmpty)
      #expect(shown.text.contains(HTML.escape(expected)), "the page shows the query")
      #expect(shown.text.contains("id=\"compiled-download-form\"") && shown.text.contains("2 features of the spec"))
      let download = try await client.submit("/engines", fields.merging(["download": "1"]) { $1 }, session)
      #expect(download.status == .ok && download.text == expected)
      #expect(download.headers[.contentDisposition] == "attachment; filename=\"features-spark.sql\"")

      let bad = spec.replacingOccurrences(of: "aggregate: mean", with: "aggregate: meen")
      let refused = try await client.submit("/engines", ["kind": "features", "spec": bad], session)
      #expect(refused.status == .badRequest && refused.text.contains("spec:8:"), "\(refused.text.suffix(3000))")
      let forged = try await client.submit("/engines", fields, session, csrf: false)
      #expect(forged.status == .forbidden)
      // Without a pasted spec, the one stored with the (latest) period.
      let stored = try await client.submit("/engines", ["kind": "features", "spec": " \r\n"], session)
      let count = try CompileFeaturesWorkflow(spec: .text(DemoSpecs.featuresYAML, name: "spec"), target: .duckdb)
        .run(Self.context(server)).features.count
      #expect(stored.status == .ok && stored.text.contains("\(count) features of period"), "\(count)")
    }
  }

  @Test("the value form (GET) and the profile form (POST) show the workflows' queries; the Data page offers the import")
  func valueProfileAndImport() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let session = try await client.signIn(.analyst)
      let value = try CompileValueWorkflow(target: .postgres, bins: 3).run(Self.context(server)).sql
      let shown = try await client.page("/engines?kind=value&target=postgres&bins=3&time_unit=", session)
      #expect(shown.status == .ok && shown.text.contains(HTML.escape(value)))
      let download = try await client.page("/engines?kind=value&target=postgres&bins=3&download=1", session)
      #expect(download.status == .ok && download.text == value)
      let badBins = try await client.page("/engines?kind=value&bins=many", session)
      #expect(badBins.status == .badRequest && badBins.text.contains("bins takes a whole number"))

      let profile = try CompileProfileWorkflow(name: "demo", target: .duckdb, spec: nil).run(Self.context(server)).sql
      let statistics = try await client.submit(
        "/engines", ["kind": "profile", "segmentation": "demo", "target": "duckdb", "spec": ""], session)
      #expect(statistics.status == .ok && statistics.text.contains(HTML.escape(profile)))
      let file = try await client.submit(
        "/engines", ["kind": "profile", "segmentation": "demo", "download": "1"], session)
      #expect(file.text == profile)

      let data = try await client.page("/data", session).text
      #expect(data.contains("id=\"features-upload-form\"") && data.contains("data-job=\"import-features\""))
      let viewer = try await client.page("/data", try await client.signIn(.viewer)).text
      #expect(!viewer.contains("features-upload-form"))
    }
  }
}
