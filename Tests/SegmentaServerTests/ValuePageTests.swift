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
        "data-job=\"build-value\"", "<option value=\"total_value\" selected>", "<textarea name=\"where\"",
        "<input name=\"name\" value=\"value_tier\">", "id=\"value-retention\"", "id=\"retention-empty\"",
        "Churn has not been scored yet", "id=\"value-lifecycle\"", "id=\"lifecycle-empty\"",
        "id=\"lifecycle-periods\"",
      ] {
        #expect(html.contains(part), "the value page lacks \(part)")
      }
      // The retention matrix has its own section, not a second copy inside the report.
      #expect(html.components(separatedBy: "Retention matrix").count == 2)
      // The CLV parameters under their usual names.
      for name in ["alpha", "clv_12m"] { #expect(html.contains(">\(name)<"), "\(name)") }
      let posts = html.components(separatedBy: "method=\"post\"").count - 1
      let tokens = html.components(separatedBy: "name=\"_csrf\" value=\"\(session.csrf)\"").count - 1
      #expect(posts == tokens && posts >= 4)
      // A viewer sees the results and no forms; the front line is refused.
      let viewer = try await client.signIn(.viewer)
      let shown = try await client.page("/value", viewer).text
      #expect(shown.contains("id=\"value-8020\"") && !shown.contains("id=\"value-rfm-form\""))
      #expect(shown.contains("id=\"value-lifecycle\"") && !shown.contains("id=\"lifecycle-periods\""))
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

  /// The rows of table `id` in `html`, each as its cells' text.
  static func rows(_ id: String, in html: String) -> [[String]] {
    guard let start = html.range(of: "<table id=\"\(id)\">") else { return [] }
    let table = html[start.upperBound...]
    let body = table[..<(table.range(of: "</table>")?.lowerBound ?? table.endIndex)]
    return body.components(separatedBy: "<tr>").dropFirst().compactMap { row in
      let cells = row.components(separatedBy: "<td").dropFirst().map { cell in
        let content = cell.drop { $0 != ">" }.dropFirst()
        let inside = content[..<(content.range(of: "</td>")?.lowerBound ?? content.endIndex)]
        return inside.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
      }
      return cells.isEmpty ? nil : cells
    }
  }

  @Test("the lifecycle form stores stages shown with counts and tags; bad input re-renders with the error")
  func lifecycle() async throws {
    let server = try PageServer()
    // A second period a month earlier, so two periods can be compared.
    let folder = try PageFixture.shared.get().folder
    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    _ = try BuildFeaturesWorkflow(
      specPath: path("features.yaml"), eventPaths: ["calls.csv", "messages.csv", "data.csv"].map(path),
      period: "2024-02", asOf: 19_782
    ).run(WorkflowContext(workspacePath: server.configuration.workspacePath, user: "setup", command: "test setup"))
    try await server.test { client, _ in
      let session = try await client.signIn(.analyst)
      let before = try await client.page("/value", session).text
      #expect(before.contains("id=\"value-lifecycle-form\"") && before.contains("id=\"lifecycle-empty\""))
      #expect(
        before.contains("<option value=\"2024-02\" selected>") && before.contains("<option value=\"2024Q1\" selected>"))
      let fields = [
        "tenure": "tenure_months", "usage": "last30_call_minutes", "from": "2024-02", "to": "2024Q1",
        "new_tenure": "3", "change": "0.2", "lapsed_at_most": "0",
      ]
      let stored = try await client.submit("/value/lifecycle", fields, session)
      #expect(stored.status == .seeOther && stored.headers[.location] == "/value?done=lifecycle")
      let after = try await client.page("/value?done=lifecycle", session).text
      #expect(PageMarkup.problems(after).isEmpty, "\(PageMarkup.problems(after))")
      #expect(after.contains("Lifecycle stages stored") && !after.contains("id=\"lifecycle-empty\""))
      let rows = Self.rows("lifecycle-stages", in: after)
      #expect(
        rows.map { $0.first ?? "" } == LifecycleStage.allCases.map { ReportText.both($0.label) } + [
          "no stage (usage missing in a period)"
        ])
      #expect(rows.dropLast().map { $0.last ?? "" } == LifecycleStage.allCases.map { "lifecycle_\($0.rawValue)" })
      let counts = rows.compactMap { Int($0[1].replacingOccurrences(of: ",", with: "")) }
      #expect(counts.count == 6 && counts.reduce(0, +) == 600 && counts.dropLast().reduce(0, +) > 0)
      #expect(after.contains("600 customers, \(counts.dropLast().reduce(0, +)) with a stage"))
      #expect(after.contains("<code>lifecycle_declining</code>"))

      let same = try await client.submit("/value/lifecycle", fields.merging(["from": "2024Q1"]) { $1 }, session)
      #expect(same.status == .unprocessableContent && same.text.contains("compare two different periods"))
      let unknown = try await client.submit("/value/lifecycle", fields.merging(["usage": "nope"]) { $1 }, session)
      #expect(unknown.status == .unprocessableContent && unknown.text.contains("no numeric column &#39;nope&#39;"))
      let change = try await client.submit("/value/lifecycle", fields.merging(["change": "a lot"]) { $1 }, session)
      #expect(change.status == .unprocessableContent && change.text.contains("the change must be a positive number"))

      // A viewer reads the stages; neither a viewer nor a campaign manager may compute them.
      let viewer = try await client.signIn(.viewer)
      let shown = try await client.page("/value", viewer).text
      #expect(shown.contains("id=\"lifecycle-stages\"") && !shown.contains("id=\"value-lifecycle-form\""))
      #expect(try await client.submit("/value/lifecycle", fields, viewer).status == .forbidden)
      let campaign = try await client.signIn(.campaign)
      #expect(!(try await client.page("/value", campaign).text.contains("id=\"value-lifecycle-form\"")))
    }
  }

  @Test("the retention matrix shows riskiest cells once churn is scored; the Pareto form takes a where rule")
  func retentionAndWhere() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let session = try await client.signIn(.analyst)
      #expect(try await client.submit("/churn/score", [:], session).status == .seeOther)
      let html = try await client.page("/value", session).text
      #expect(!html.contains("id=\"retention-empty\"") && PageMarkup.problems(html).isEmpty)
      let cells = Self.rows("retention-cells", in: html)
      #expect(!cells.isEmpty && cells.count <= 9)
      #expect(cells.allSatisfy { $0[0].hasSuffix(" value") && ["high", "medium", "low"].contains($0[1]) }, "\(cells)")
      let risks = cells.compactMap { Double($0[4].replacingOccurrences(of: ",", with: "")) }
      #expect(risks.count == cells.count && risks == risks.sorted(by: >), "\(cells)")
      let customers = cells.compactMap { Int($0[2].replacingOccurrences(of: ",", with: "")) }.reduce(0, +)
      #expect(html.contains("\(customers) customers in \(cells.count) cells"))

      let bad = try await client.submit(
        "/value/pareto", ["column": "total_value", "where": "brand = \"全球通\" and brnd = 1"], session)
      #expect(bad.status == .unprocessableContent && bad.text.contains("<pre class=\"rule-error\">"))
      #expect(bad.text.contains("the where rule: column 19:"))
      let tiers = try await client.submit(
        "/value/pareto", ["column": "total_value", "where": "brand = \"全球通\"", "name": "gotone_value_tier"], session)
      #expect(tiers.status == .seeOther)
      let shown = try await client.page("/value?done=pareto", session).text
      #expect(shown.contains("Only the customers matching <code>brand = &quot;全球通&quot;</code>."))
    }
  }
}
