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

@Suite("Dashboard pages")
struct PagesTests {
  static let pages = [
    "/", "/data", "/segments", "/segments/demo", "/segments/demo?segment=2&offset=25", "/segments/demo?features=1",
    "/rules", "/tags",
    "/tags/stock_investor", "/campaigns", "/campaigns/stock_app", "/customers", "/customers?id=C0000001", "/jobs",
  ]

  @Test("every page renders for an administrator: the CSRF token, the script, no escaped markup, nothing inline")
  func render() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let session = try await client.signIn(.admin)
      for path in Self.pages {
        let response = try await client.page(path, session)
        let html = response.text
        #expect(response.status == .ok, "\(path): \(response.status)")
        #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
        #expect(html.contains("<meta name=\"csrf-token\" content=\"\(session.csrf)\">"), "\(path)")
        #expect(html.contains("<script src=\"/assets/app.js\" defer></script>"), "\(path)")
        #expect(html.contains("<html lang=\"zh-CN\">"), "\(path)")
        #expect(PageMarkup.problems(html).isEmpty, "\(path): \(PageMarkup.problems(html))")
        #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
        // Every form that posts carries the session's token.
        let posts = html.components(separatedBy: "method=\"post\"").count - 1
        let tokens = html.components(separatedBy: "name=\"_csrf\" value=\"\(session.csrf)\"").count - 1
        #expect(posts == tokens, "\(path): \(posts) forms post, \(tokens) carry the token")
      }
    }
  }

  @Test("the explorer shows the report's charts and cards, versions, a page of members and the forms")
  func explorer() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let session = try await client.signIn(.analyst)
      let html = try await client.page("/segments/demo", session).text
      for part in [
        "aria-label=\"silhouette by k\"", "aria-label=\"segment sizes\"", "aria-label=\"normalised means\"",
        "id=\"versions\"", "id=\"members-table\"", "class=\"rename\"", "/segments/demo/export", "id=\"segment-8\"",
      ] {
        #expect(html.contains(part), "the explorer lacks \(part)")
      }
      #expect(html.contains("1–25 of 600"), "the first page of 600 members")
      #expect(html.contains("show feature values") && !html.contains("<th class=\"num\">total_call_minutes</th>"))
      let features = try await client.page("/segments/demo?features=1&segment=2", session).text
      #expect(
        features.contains("<th class=\"num\">total_call_minutes</th>") && features.contains("hide feature values"))
      #expect(features.contains("name=\"features\" value=\"1\""), "the segment filter keeps the feature values")
      let viewer = try await client.signIn(.viewer)
      let shown = try await client.page("/segments/demo", viewer).text
      #expect(!shown.contains("class=\"rename\"") && !shown.contains("/export"), "a viewer gets no forms")
      #expect(shown.contains("id=\"members-table\""))
    }
  }

  @Test("a tag's page shows its applies with gained and lost, and its profile; an analyst may define tags")
  func tags() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let session = try await client.signIn(.analyst)
      let html = try await client.page("/tags/stock_investor", session).text
      for part in ["id=\"tag-history\"", "aria-label=\"gained and lost per apply\"", "id=\"tag-features\"", "+"] {
        #expect(html.contains(part), "the tag page lacks \(part)")
      }
      let spec =
        "tags:\n  - name: big_spender\n    category: business\n    label: {zh: 高消费, en: Big spender}\n    rule: arpu > 200\n"
      let defined = try await client.submit("/tags/define", ["spec": spec], session)
      #expect(defined.status == .seeOther && defined.headers[.location] == "/tags?done=defined")
      let list = try await client.page("/tags?done=defined", session).text
      #expect(list.contains("big_spender") && list.contains("not applied"))
      let bad = try await client.submit(
        "/tags/define", ["spec": spec.replacingOccurrences(of: "arpu", with: "arpuu")], session)
      #expect(bad.status == .unprocessableContent && bad.text.contains("arpuu"))
      let never = try await client.page("/tags/big_spender", session).text
      #expect(never.contains("Never applied."))
    }
  }

  @Test("signed out, a page answers 401 with the sign-in form returning to it; the form signs in")
  func signIn() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let refused = try await client.page("/segments/demo?version=1", nil)
      #expect(refused.status == .unauthorized)
      #expect(refused.text.contains("id=\"login-form\""))
      #expect(refused.text.contains("name=\"next\" value=\"/segments/demo?version=1\""))

      let form = try await client.page("/login", nil)
      let cookie = try #require(form.headers[.setCookie]?.split(separator: ";").first.map(String.init))
      let token = try #require(cookie.split(separator: "=").last.map(String.init))
      #expect(form.text.contains("name=\"_csrf\" value=\"\(token)\""))
      func post(_ fields: [String: String], cookie: String?) async throws -> TestResponse {
        let body = fields.map { "\($0.key)=\(RouteURI.encode($0.value))" }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .accept: "text/html"]
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: body))
      }
      let password = PageFixture.password(.analyst)
      let forged = try await post(["_csrf": token, "name": "analyst", "password": password], cookie: nil)
      #expect(forged.status == .forbidden, "a sign-in without the form's cookie is refused")
      let wrong = try await post(["_csrf": token, "name": "analyst", "password": "nope"], cookie: cookie)
      #expect(wrong.status == .unauthorized && wrong.text.contains("wrong"))
      let elsewhere = try await post(
        ["_csrf": token, "name": "analyst", "password": password, "next": "//evil.example/x"], cookie: cookie)
      #expect(elsewhere.status == .seeOther && elsewhere.headers[.location] == "/", "never to another site")
      let signed = try await post(
        ["_csrf": token, "name": "analyst", "password": password, "next": "/rules"], cookie: cookie)
      #expect(signed.status == .seeOther && signed.headers[.location] == "/rules")
      let session = try #require(
        signed.headers[values: .setCookie].first { $0.hasPrefix("segmenta_session=") }?.split(separator: ";").first)
      #expect(signed.headers[values: .setCookie].contains { $0.contains("HttpOnly") && $0.contains("SameSite=Strict") })
      let rules = try await client.page("/rules", BrowserSession(cookie: String(session), csrf: ""))
      #expect(rules.status == .ok && rules.text.contains("id=\"rule-editor\""))
    }
  }

  @Test("navigation shows what the role may do; the front line starts at the lookup and is refused elsewhere")
  func roles() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let front = try await client.signIn(.frontline)
      let home = try await client.page("/", front)
      #expect(home.status == .seeOther && home.headers[.location] == "/customers")
      let lookup = try await client.page("/customers", front).text
      #expect(lookup.contains("href=\"/customers\"") && !lookup.contains("href=\"/segments\""))
      for path in ["/segments", "/data", "/campaigns", "/tags", "/rules", "/jobs"] {
        let refused = try await client.page(path, front)
        #expect(refused.status == .forbidden, "\(path)")
        #expect(refused.text.contains("Not allowed") && !refused.text.contains("id=\"login-form\""))
      }
      let viewer = try await client.signIn(.viewer)
      let overview = try await client.page("/", viewer).text
      #expect(overview.contains("href=\"/segments\"") && !overview.contains("href=\"/customers\""))
      let campaign = try await client.signIn(.campaign)
      let campaigns = try await client.page("/campaigns", campaign).text
      #expect(campaigns.contains("id=\"campaign-form\""))
      let missing = try await client.page("/nowhere", campaign)
      #expect(missing.status == .notFound && missing.text.contains("Not found"))
    }
  }

  @Test("renaming through the form changes the explorer's name; without the CSRF token it is refused")
  func rename() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let session = try await client.signIn(.analyst)
      let fields = ["version": "1", "segment": "3", "label": "夜猫子 / Night owls"]
      let forged = try await client.submit("/segments/demo/rename", fields, session, csrf: false)
      #expect(forged.status == .forbidden)
      let renamed = try await client.submit("/segments/demo/rename", fields, session)
      #expect(renamed.status == .seeOther)
      #expect(renamed.headers[.location] == "/segments/demo?version=1&done=renamed#segment-3")
      let html = try await client.page("/segments/demo?version=1&done=renamed", session).text
      #expect(html.contains("<h3>3. 夜猫子</h3>"))
      #expect(html.contains("The segment was renamed."))
      let viewer = try await client.signIn(.viewer)
      #expect(try await client.submit("/segments/demo/rename", fields, viewer).status == .forbidden)
    }
  }

  @Test("exporting a segmentation downloads every customer and is recorded in the audit with the user")
  func export() async throws {
    let server = try PageServer()
    try await server.test { client, state in
      let session = try await client.signIn(.analyst)
      let response = try await client.submit("/segments/demo/export", ["version": "1"], session)
      #expect(response.status == .ok)
      #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
      let lines = response.text.split(separator: "\n")
      #expect(lines.first == "customer_id,cluster_id,segment_id,segment_name" && lines.count == 601)
      let audit = try CampaignAuditWorkflow().run(state.base)
      #expect(audit.contains { $0.user == "analyst" && $0.command == "POST /segments/demo/export" && $0.rows == 600 })
    }
  }

  @Test("the customer page masks contacts; only a role that may reveal gets the button")
  func customers() async throws {
    let server = try PageServer()
    try await server.test { client, state in
      for _ in 0..<200 where !state.customers.isLoaded { try await Task.sleep(for: .milliseconds(20)) }
      let front = try await client.signIn(.frontline)
      let html = try await client.page("/customers?id=C0000001", front).text
      #expect(html.contains("id=\"customer-card\"") && html.contains("id=\"customer-segments\""))
      #expect(html.contains("class=\"masked\""))
      #expect(!html.contains("reveal-contacts"))
      let admin = try await client.signIn(.admin)
      #expect(try await client.page("/customers?id=C0000001", admin).text.contains("id=\"reveal-contacts\""))
      let unknown = try await client.page("/customers?id=nobody", front)
      #expect(unknown.status == .notFound && unknown.text.contains("No customer"))
    }
  }

  @Test("a campaign is created from the form; a bad value re-renders the form with the parser's message")
  func createCampaign() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let session = try await client.signIn(.campaign)
      var fields = [
        "name": "spring_sms", "product": "春季包", "target": "arpu > 100", "channel": "sms", "control": "holdout",
        "control_share": "1.5", "cost_per_contact": "0.2",
      ]
      let refused = try await client.submit("/campaigns", fields, session)
      #expect(refused.status == .unprocessableContent)
      #expect(refused.text.contains("control_share") && refused.text.contains("value=\"spring_sms\""))
      // A value cannot add keys to the spec.
      fields["control_share"] = "0.2"
      fields["name"] = "spring_sms\nchannel: email"
      #expect(try await client.submit("/campaigns", fields, session).status == .unprocessableContent)
      fields["name"] = "spring_sms"
      let created = try await client.submit("/campaigns", fields, session)
      #expect(created.status == .seeOther && created.headers[.location] == "/campaigns/spring_sms?done=created")
      let page = try await client.page("/campaigns/spring_sms?done=created", session).text
      #expect(page.contains("春季包") && page.contains("id=\"select-form\"") && page.contains("arpu &gt; 100"))
    }
  }

  @Test("the script and the style sheet are the compiled-in assets, open to everyone")
  func assets() async throws {
    let server = try PageServer()
    try await server.test { client, _ in
      let script = try await client.execute(uri: "/assets/app.js", method: .get, headers: [:], body: nil)
      #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
      #expect(script.text.contains("X-CSRF-Token") && script.text.contains("EventSource"))
      let style = try await client.execute(uri: "/assets/app.css", method: .get, headers: [:], body: nil)
      #expect(style.status == .ok && style.headers[.contentType] == "text/css; charset=utf-8")
      #expect(style.text.contains("\"Noto Sans CJK SC\"") && style.text.contains("\"Microsoft YaHei\""))
    }
  }

  @Test("markup checks catch escaped markup and inline code")
  func markupChecks() {
    #expect(PageMarkup.problems("<p>a &lt; b</p>").isEmpty)
    #expect(!PageMarkup.problems("&lt;p class=\"x\"&gt;").isEmpty)
    #expect(!PageMarkup.problems("<div style=\"color:red\">").isEmpty)
    #expect(!PageMarkup.problems("<button onclick=\"x()\">").isEmpty)
    #expect(!PageMarkup.problems("<script>alert(1)</script>").isEmpty)
    let text: HTML = "<b>\("<script>")</b>"
    #expect(text.text == "<b>&lt;script&gt;</b>")
  }
}
