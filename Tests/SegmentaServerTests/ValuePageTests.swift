import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaServer

@Suite("Pages: customer value")
struct ValuePageTests {
  @Test("the value page shows the 80/20 line, Lorenz curve, CLV parameters and P(alive) matrix, with the forms")
  func render() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let session = try await client.signIn(.admin)
      let response = try await client.page("/value", session)
      let html = response.text
      #expect(response.status == .ok)
      #expect(PageMarkup.problems(html).isEmpty, "\(PageMarkup.problems(html))")
      for part in [
        "href=\"/value\" class=\"active\"", "id=\"value-8020\"", "the top 20 % of customers bring",
        "aria-label=\"Lorenz curve\"", "aria-label=\"P(alive) matrix\"", "id=\"value-clv\"", "id=\"value-rfm-form\"",
        "id=\"value-pareto-form\"", "id=\"value-clv-form\"", "id=\"transactions-upload-form\"",
        "data-job=\"build-value\"", "<option value=\"total_value\" selected>",
      ] {
        #expect(html.contains(part), "the value page lacks \(part)")
      }
      // The CLV parameters under their usual names.
      for name in ["alpha", "clv_12m"] { #expect(html.contains(">\(name)<"), "\(name)") }
      let posts = html.components(separatedBy: "method=\"post\"").count - 1
      let tokens = html.components(separatedBy: "name=\"_csrf\" value=\"\(session.csrf)\"").count - 1
      #expect(posts == tokens && posts >= 4)
      // A viewer sees the results and no forms; the front line is refused.
      let viewer = try await client.signIn(.viewer)
      let shown = try await client.page("/value", viewer).text
      #expect(shown.contains("id=\"value-8020\"") && !shown.contains("id=\"value-rfm-form\""))
      #expect(!shown.contains("transactions-upload-form"))
      let front = try await client.signIn(.frontline)
      #expect(try await client.page("/value", front).status == .forbidden)
    }
  }

  @Test("the RFM form stores the grid shown as a heatmap; a bad Pareto column re-renders with the error")
  func forms() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let session = try await client.signIn(.analyst)
      let before = try await client.page("/value", session).text
      #expect(!before.contains("id=\"rfm-heatmap\""))
      let scored = try await client.submit("/value/rfm", ["bins": "5"], session)
      #expect(scored.status == .seeOther && scored.headers[.location] == "/value?done=rfm")
      let after = try await client.page("/value?done=rfm", session).text
      #expect(after.contains("id=\"rfm-heatmap\"") && after.contains("RFM scores stored"))
      #expect(after.contains("Champions") && PageMarkup.problems(after).isEmpty)
      let bad = try await client.submit("/value/pareto", ["column": "nope", "tiers": "80,15,5"], session)
      #expect(bad.status == .unprocessableContent)
      #expect(bad.text.contains("no numeric column &#39;nope&#39;") || bad.text.contains("no numeric column"))
      let tiers = try await client.submit("/value/pareto", ["column": "clv_12m", "tiers": "50,50"], session)
      #expect(tiers.status == .seeOther)
      let shown = try await client.page("/value", session).text
      #expect(shown.contains("80/20 of <code>clv_12m</code>"))
      let clv = try await client.submit("/value/clv", ["horizon": "0", "discount": "0.01"], session)
      #expect(clv.status == .unprocessableContent && clv.text.contains("--horizon takes 1 to 120 months"))
      let unsigned = try await client.submit("/value/rfm", ["bins": "5"], session, csrf: false)
      #expect(unsigned.status == .forbidden)
    }
  }
}
