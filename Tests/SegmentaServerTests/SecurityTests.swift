import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaServer

/// The security checks of the server, each over every route of its table where it applies.
@Suite("Security: access, CSRF, upload limits, CSP, logs, injection, sign-in limits, campaign isolation")
struct SecurityTests {
  /// Checks the headers every response carries: a content security policy without inline code.
  static func expectSecurityHeaders(_ response: TestResponse, _ what: String) {
    let policy = response.headers[.contentSecurityPolicy] ?? ""
    #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"), "\(what)")
    #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"), "\(what)")
    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(what)")
  }

  @Test("every route refuses the unauthenticated (401) and every role without its permission (403)")
  func accessTable() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      var checked = (unauthenticated: 0, forbidden: 0)
      for route in state.routes.all {
        let uri = RouteURI.fill(route.path, every: "x")
        let what = "\(route.method) \(route.path)"
        guard route.access != .open else { continue }
        let anonymous = try await client.call(route.method, uri, as: nil, server: server, body: "{}")
        #expect(anonymous.status == .unauthorized, "\(what) without sign-in: \(anonymous.status)")
        Self.expectSecurityHeaders(anonymous, what)
        checked.unauthenticated += 1
        // A session cookie that is not a session is no sign-in either.
        let forged = try await client.call(
          route.method, uri, as: nil, server: server,
          headers: [.cookie: "segmenta_session=" + String(repeating: "a", count: 64)])
        #expect(forged.status == .unauthorized, "\(what) with a forged session: \(forged.status)")
        let badToken = try await client.call(
          route.method, uri, as: nil, server: server, headers: [.authorization: "Bearer sgt_000000000000_x"])
        #expect(badToken.status == .unauthorized, "\(what) with a bad token: \(badToken.status)")
        guard case .permission(let permission) = route.access else { continue }
        for member in TeamMember.allCases where !member.role.allows(permission) {
          let response = try await client.call(route.method, uri, as: member, server: server, body: "{}")
          #expect(response.status == .forbidden, "\(what) as \(member.role): \(response.status)")
          #expect(try response.json()["error"]?["code"] == "forbidden")
          Self.expectSecurityHeaders(response, what)
          checked.forbidden += 1
        }
      }
      #expect(checked.unauthenticated >= 60 && checked.forbidden >= 100)
    }
  }

  @Test("every response carries the content security policy without 'unsafe-inline', pages and errors included")
  func contentSecurityPolicy() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      for route in state.routes.all where route.method == .get {
        for member in [TeamMember.ada, .fay] {
          let uri = RouteURI.fill(route.path, every: "x")
          let response = try await client.call(.get, uri, as: member, server: server, headers: [.accept: "text/html"])
          Self.expectSecurityHeaders(response, "\(uri) as \(member)")
          if (response.headers[.contentType] ?? "").hasPrefix("text/html") {
            #expect(!response.text.contains("<script>") && !response.text.contains(" style=\""), "\(uri)")
          }
        }
      }
      let missing = try await client.call(.get, "/no/such/page", as: nil, server: server)
      Self.expectSecurityHeaders(missing, "an unknown page")
    }
  }

  @Test("a session's unsafe request needs its CSRF token: refused without it, accepted with it")
  func csrf() async throws {
    let server = try APIServer()
    try await server.test { client, _ in
      let signIn = try await client.call(
        .post, "/api/v1/session", as: nil, server: server,
        body: #"{"name":"ana","password":"\#(TeamMember.ana.password)"}"#)
      #expect(signIn.status == .created)
      let setCookie = try #require(signIn.headers[.setCookie])
      #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
      let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))
      let csrf = try #require(try signIn.json()["csrf"]?.stringValue)
      #expect(csrf.count == 64)
      let body = #"{"rule":"arpu > 100","count":true}"#
      let without = try await client.call(
        .post, "/api/v1/rules/check", as: nil, server: server, body: body,
        headers: [.cookie: cookie, .contentType: "application/json"])
      #expect(without.status == .forbidden)
      #expect(try without.json()["error"]?["field"] == "_csrf")
      let wrong = try await client.call(
        .post, "/api/v1/rules/check", as: nil, server: server, body: body,
        headers: [.cookie: cookie, .contentType: "application/json", .csrfToken: String(repeating: "0", count: 64)])
      #expect(wrong.status == .forbidden)
      let with = try await client.call(
        .post, "/api/v1/rules/check", as: nil, server: server, body: body,
        headers: [.cookie: cookie, .contentType: "application/json", .csrfToken: csrf])
      #expect(with.status == .ok)
      #expect(try with.json()["matches"]?.numberValue ?? 0 > 0)
      // A form post carries it as a field; a GET needs none.
      let form = try await client.call(
        .post, "/api/v1/tags", as: nil, server: server, body: "yaml=x",
        headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"])
      #expect(form.status == .forbidden)
      let read = try await client.call(.get, "/api/v1/me", as: nil, server: server, headers: [.cookie: cookie])
      #expect(try read.status == .ok && read.json()["name"] == "ana")
    }
  }

  @Test("an upload or CSV body over the configured size is refused with 413 and nothing is kept")
  func uploadLimit() async throws {
    let server = try APIServer { $0.maxUploadBytes = 1_000 }
    let big = String(repeating: "customer_id,x\n", count: 200)
    try await server.test { client, state in
      for (uri, member) in [
        ("/api/v1/uploads?name=big.csv", TeamMember.ada), ("/api/v1/campaigns/cam_sms/responses", .cam),
        ("/api/v1/contacts/attempts", .ana),
      ] {
        let response = try await client.call(.post, uri, as: member, server: server, body: big)
        #expect(response.status == .contentTooLarge, "\(uri): \(response.status)")
        #expect(try response.json()["error"]?["code"] == "too_large")
      }
      let kept = (try? FileManager.default.contentsOfDirectory(atPath: state.uploads.folder)) ?? []
      #expect(kept.isEmpty, "kept: \(kept)")
      let listed = try await client.call(.get, "/api/v1/uploads", as: .ada, server: server).json()
      #expect(listed["total"] == 0)
      let small = try await client.call(
        .post, "/api/v1/uploads?name=small.csv", as: .ada, server: server, body: "a,b\n1,2\n")
      #expect(small.status == .created)
    }
  }

  @Test("a run of many requests logs no customer id, phone number or e-mail address")
  func noPersonalDataInLogs() async throws {
    let server = try APIServer()
    let (logger, store) = CapturingLogHandler.logger()
    let personal = server.fixture.personalValues
    let ids = Array(personal.ids.prefix(30))
    let phone = try #require(personal.phones.first)
    try await server.test(logger: logger) { client, state in
      for route in state.routes.all where route.method == .get && route.kind == .api {
        let values = ["name": route.path.hasPrefix("/api/v1/campaigns") ? "stock_app" : "demo", "id": ids[0]]
        let uri = RouteURI.fill(route.path, values) ?? route.path
        _ = try await client.call(.get, uri, as: .ada, server: server)
      }
      for id in ids {
        _ = try await client.call(.get, "/api/v1/customers/\(id)", as: .fay, server: server)
        _ = try await client.call(.get, "/api/v1/customers?search=\(id)", as: .fay, server: server)
        _ = try await client.call(.post, "/api/v1/customers/\(id)/reveal", as: .fay, server: server)
      }
      _ = try await client.call(.post, "/api/v1/customers/\(ids[1])/reveal", as: .ada, server: server)
      _ = try await client.call(.get, "/api/v1/customers/\(phone)", as: .fay, server: server)
      _ = try await client.call(
        .post, "/api/v1/rules/check", as: .ana, server: server, body: #"{"rule":"phone = \"\#(phone)\"","count":true}"#)
      _ = try await client.call(
        .post, "/api/v1/rules/check", as: .ana, server: server, body: #"{"rule":"city = \"\#(ids[2])\"","count":true}"#)
      _ = try await client.call(
        .post, "/api/v1/session", as: nil, server: server, body: #"{"name":"\#(phone)","password":"x"}"#)
      _ = try await client.call(
        .post, "/api/v1/campaigns/stock_app/export", as: .ada, server: server, body: #"{"reveal":true}"#)
      _ = try await client.call(.post, "/api/v1/segmentations/demo/export", as: .ana, server: server)
      _ = try await client.call(.get, "/api/v1/segmentations/demo/members?limit=500", as: .vic, server: server)
      _ = try await client.call(
        .post, "/api/v1/campaigns/stock_app/responses", as: .ada, server: server,
        body: "customer_id,reached\n\(ids[3]),yes\n")
      _ = try await client.call(
        .post, "/api/v1/uploads?name=\(ids[4]).csv", as: .ada, server: server,
        body: "customer_id,phone\n\(ids[4]),\(phone)\n")
    }
    let lines = store.all
    #expect(lines.count > 80)
    #expect(lines.contains { $0.contains("route=/api/v1/customers/{id}") }, "\(lines.prefix(3))")
    let text = lines.joined(separator: "\n")
    for value in personal.ids + personal.phones + personal.emails {
      #expect(!text.contains(value), "the log holds \(value)")
    }
  }

  /// What an injection attempt looks like.
  static let attacks = [
    "../../etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "x' OR '1'='1", "\u{0}",
    String(repeating: "A", count: 10_000),
    "1; DROP TABLE customer;--",
  ]

  /// Query parameters whose value is free text, where an attack is only text that matches nothing.
  static let freeText: Set<String> = ["GET /api/v1/customers search", "POST /api/v1/uploads name"]

  @Test("path and SQL injection in every path and query parameter of every route give 4xx, never 5xx or others' data")
  func injection() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = OpenAPIDocument.document(state.routes.all)
      var requests = 0
      for route in state.routes.all {
        let parameters = RouteURI.parameters(route.path)
        let (path, _) = OpenAPIDocument.openAPIPath(route.path)
        let query = (document["paths"]?[path]?[route.method.rawValue.lowercased()]?["parameters"]?.elements ?? [])
          .filter { $0["in"] == "query" }.compactMap { $0["name"]?.stringValue }
        let members: [TeamMember] = route.path.contains("campaign") ? [.ada, .cam] : [.ada]
        for attack in Self.attacks {
          for member in members {
            for parameter in parameters {
              var values = Self.validValues(route.path)
              values[parameter] = attack
              let uri = try #require(RouteURI.fill(route.path, values))
              let response = try await client.call(route.method, uri, as: member, server: server, body: "{}")
              Self.expectRefused(response, "\(route.method) \(route.path) \(parameter)=\(attack.prefix(20))", member)
              requests += 1
            }
            for name in query {
              let base = try #require(RouteURI.fill(route.path, Self.validValues(route.path)))
              let uri = base + "?" + name + "=" + RouteURI.encode(attack)
              let response = try await client.call(route.method, uri, as: member, server: server, body: "{}")
              let what = "\(route.method) \(route.path)?\(name)=\(attack.prefix(20))"
              if Self.freeText.contains("\(route.method) \(route.path) \(name)") {
                #expect(response.status.code < 500, "\(what): \(response.status)")
                #expect(!response.text.contains("C000"), "\(what) matched customers")
              } else {
                Self.expectRefused(response, what, member)
              }
              requests += 1
            }
          }
        }
      }
      #expect(requests > 500)
      // The workspace is intact.
      let status = try await client.call(.get, "/api/v1/status", as: .ada, server: server).json()
      #expect(status["customers"] == 1500)
    }
  }

  /// Values of path parameters that exist in the demo workspace.
  static func validValues(_ path: String) -> [String: String] {
    var values = Dictionary(uniqueKeysWithValues: RouteURI.parameters(path).map { ($0, "x") })
    values["segment"] = "1"
    values["id"] = "C0000001"
    if path.contains("tags") { values["name"] = "stock_investor" }
    if path.contains("campaign") { values["name"] = "cam_sms" }
    if path.contains("segment") { values["name"] = "demo" }
    if path.contains("users") { values["name"] = "vic" }
    if path.contains("jobs") { values["id"] = "1" }
    if path.contains("uploads") { values["id"] = "0123456789abcdef" }
    return values
  }

  /// An attack answered with a client error that discloses no other manager's campaign.
  static func expectRefused(_ response: TestResponse, _ what: String, _ member: TeamMember) {
    #expect((400..<500).contains(Int(response.status.code)), "\(what) as \(member): \(response.status)")
    if member == .cam {
      #expect(!response.text.contains("cara_sms") && !response.text.contains("stock_app"), "\(what) leaked")
    }
  }

  @Test("too many failed sign-ins are refused with 429 before the password is checked")
  func signInLimit() async throws {
    let server = try APIServer { $0.signInAttempts = 2 }
    try await server.test { client, _ in
      for _ in 0..<2 {
        let wrong = try await client.call(
          .post, "/api/v1/session", as: nil, server: server, body: #"{"name":"vic","password":"wrong-password"}"#)
        #expect(wrong.status == .unauthorized)
      }
      let limited = try await client.call(
        .post, "/api/v1/session", as: nil, server: server,
        body: #"{"name":"vic","password":"\#(TeamMember.vic.password)"}"#)
      #expect(limited.status == .tooManyRequests)
      #expect(try limited.json()["error"]?["code"] == "rate_limited")
      // Another user is not limited by vic's failures.
      let other = try await client.call(
        .post, "/api/v1/session", as: nil, server: server,
        body: #"{"name":"ana","password":"\#(TeamMember.ana.password)"}"#)
      #expect(other.status == .created)
    }
  }

  @Test("a campaign manager gets 404 for another manager's campaign on every campaign route, and 403 to reveal")
  func campaignIsolation() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let list = try await client.call(.get, "/api/v1/campaigns", as: .cam, server: server).json()
      #expect(list["items"]?.elements.compactMap { $0["name"]?.stringValue } == ["cam_sms"])
      var routes = 0
      for route in state.routes.all where route.path.contains("/campaigns/:name") {
        for other in ["cara_sms", "stock_app"] {
          let uri = try #require(RouteURI.fill(route.path, ["name": other]))
          let body = route.path.hasSuffix("/responses") ? "customer_id,reached,converted\nC0000001,yes,no\n" : "{}"
          let response = try await client.call(route.method, uri, as: .cam, server: server, body: body)
          #expect(response.status == .notFound, "\(route.method) \(uri): \(response.status)")
          #expect(!response.text.contains("C000"))
          for hidden in ["cara_sms", "stock_app"] where hidden != other {
            #expect(!response.text.contains(hidden), "\(route.method) \(uri) names \(hidden)")
          }
          routes += 1
        }
      }
      #expect(routes >= 12)
      for other in ["cara_sms", "stock_app"] {
        let audit = try await client.call(.get, "/api/v1/audit?campaign=\(other)", as: .cam, server: server)
        #expect(audit.status == .notFound)
        let select = try await client.call(
          .post, "/api/v1/jobs/select-campaign", as: .cam, server: server, body: #"{"name":"\#(other)"}"#)
        #expect(select.status == .notFound)
      }
      let reveal = try await client.call(
        .post, "/api/v1/campaigns/cam_sms/export", as: .cam, server: server, body: #"{"reveal":true}"#)
      #expect(reveal.status == .forbidden)
      let masked = try await client.call(.post, "/api/v1/campaigns/cam_sms/export", as: .cam, server: server)
      #expect(masked.status == .ok && masked.headers[.contentType] == "text/csv; charset=utf-8")
      #expect(masked.headers[.contentDisposition] == "attachment; filename=\"campaign-cam_sms.csv\"")
      let rows = masked.text.split(separator: "\n")
      #expect(rows.first == "customer_id,phone,product,offer,channel,group" && rows.count > 10)
      for phone in server.fixture.personalValues.phones.prefix(300) { #expect(!masked.text.contains(phone)) }
      // cam's audit shows their own export, and no one else's campaign.
      let audit = try await client.call(.get, "/api/v1/audit?limit=500", as: .cam, server: server).json()
      let records = audit["items"]?.elements ?? []
      #expect(records.contains { $0["campaign"] == "cam_sms" && $0["user"] == "cam" && $0["revealed"] == false })
      #expect(!records.contains { $0["campaign"] == "cara_sms" || $0["campaign"] == "stock_app" })
    }
  }

  @Test("every export writes an audit row naming the user; revealed contacts are marked")
  func exportsAudited() async throws {
    let server = try APIServer()
    try await server.test { client, _ in
      let exports: [(String, TeamMember, String?)] = [
        ("/api/v1/features/export", .ana, nil), ("/api/v1/segmentations/demo/export", .ana, #"{"lang":"en"}"#),
        ("/api/v1/recommendations/export", .ana, #"{"top":2}"#), ("/api/v1/campaigns/cara_sms/export", .cara, nil),
        ("/api/v1/campaigns/stock_app/export", .ada, #"{"reveal":true}"#),
      ]
      for (uri, member, body) in exports {
        let response = try await client.call(.post, uri, as: member, server: server, body: body)
        #expect(response.status == .ok, "\(uri): \(response.text.prefix(200))")
        #expect(response.headers[.contentDisposition]?.hasPrefix("attachment; filename=") == true)
      }
      let audit = try await client.call(.get, "/api/v1/audit?limit=500", as: .ada, server: server).json()
      let records = audit["items"]?.elements ?? []
      func has(_ kind: String, _ user: String, revealed: Bool = false) -> Bool {
        records.contains {
          $0["kind"]?.stringValue == kind && $0["user"]?.stringValue == user && $0["revealed"]?.boolValue == revealed
            && $0["command"]?.stringValue?.hasPrefix("POST /api/v1/") == true
        }
      }
      #expect(has("features", "ana") && has("segments", "ana") && has("recommendations", "ana"))
      #expect(has("campaign", "cara") && has("campaign", "ada", revealed: true))
      // The temporary files are gone.
      let left = (try? FileManager.default.contentsOfDirectory(atPath: server.configuration.uploads)) ?? []
      #expect(!left.contains { $0.hasPrefix("export-") })
    }
  }
}
