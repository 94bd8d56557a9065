import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaServer

/// The JSON API of every workflow, on a copy of the demo workspace: real results, checked against the
/// workspace and against each other.
@Suite("API: every workflow the command line offers, over HTTP")
struct APIRoutesTests {
  /// The CSV `text` as rows of fields (no quoted commas in what these tests read).
  static func rows(_ text: String) -> [[String]] {
    text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
  }

  @Test("status, periods and features describe the demo workspace; the wide table exports as CSV")
  func workspaceAndFeatures() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let status = try await client.call(.get, "/api/v1/status", as: .vic, server: server)
      #expect(document.problems(status, .get, "/api/v1/status") == [])
      let body = try status.json()
      #expect(body["customers"] == 1500 && body["campaigns"] == 3 && body["users"] == 6)
      #expect(body["segmentations"]?.elements.first?["name"] == "demo")
      let personal = body["columns"]?.elements.filter { $0["personal"] == true }.compactMap { $0["name"]?.stringValue }
      #expect(personal == ["phone", "email"])
      let own = try await client.call(.get, "/api/v1/status", as: .cam, server: server).json()
      #expect(own["campaigns"] == 1)
      let periods = try await client.call(.get, "/api/v1/periods", as: .vic, server: server).json()
      #expect(periods["total"] == 1 && periods["items"]?.elements.first?["label"] == "2024Q1")
      let features = try await client.call(.get, "/api/v1/features?period=2024Q1", as: .vic, server: server).json()
      #expect(features["customers"] == 1500 && features["period"] == "2024Q1")
      let columns = features["columns"]?.elements ?? []
      #expect(columns.filter { $0["source"] == "feature" }.count == 40)
      #expect(!columns.contains { $0["name"] == "phone" })
      let export = try await client.call(.post, "/api/v1/features/export", as: .ana, server: server)
      #expect(export.status == .ok)
      let table = Self.rows(export.text)
      #expect(table.count == 1501 && table[0].first == "customer_id" && table[0].count == 41)
      let unknown = try await client.call(.get, "/api/v1/features?period=1999", as: .vic, server: server)
      #expect(unknown.status == .notFound)
    }
  }

  @Test("segmentations: versions, profile, rename, members, export and assign agree with each other")
  func segmentations() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let list = try await client.call(.get, "/api/v1/segmentations", as: .vic, server: server).json()
      // The demo's segmentation and its value tiers.
      #expect(list["items"]?.elements.first?["latest"] == true && list["total"] == 2)
      #expect(list["items"]?.elements.compactMap { $0["name"]?.stringValue } == ["demo", "value_tier"])
      let detail = try await client.call(.get, "/api/v1/segmentations/demo", as: .vic, server: server)
      #expect(document.problems(detail, .get, "/api/v1/segmentations/:name") == [])
      let report = try detail.json()
      let sizes = (report["sizes"]?.elements ?? []).compactMap(\.numberValue).map { Int($0) }
      #expect(sizes.count == 8 && sizes.reduce(0, +) == 1500 && sizes == sizes.sorted(by: >))
      #expect((report["report"]?["k_table"]?.elements.count ?? 0) > 1)
      let missing = try await client.call(.get, "/api/v1/segmentations/demo?version=9", as: .vic, server: server)
      #expect(missing.status == .notFound)

      let renamed = try await client.call(
        .put, "/api/v1/segmentations/demo/segments/2/name", as: .ana, server: server,
        body: #"{"label":"高价值 / High value"}"#)
      #expect(
        renamed.status == .ok
          && document.problems(renamed, .put, "/api/v1/segmentations/:name/segments/:segment/name") == [])
      #expect(try renamed.json()["name"] == ["zh": "高价值", "en": "High value"])
      let zhOnly = try await client.call(
        .put, "/api/v1/segmentations/demo/segments/2/name", as: .ana, server: server, body: #"{"zh":"贵宾"}"#)
      #expect(try zhOnly.json()["name"] == ["zh": "贵宾", "en": "High value"])
      let empty = try await client.call(
        .put, "/api/v1/segmentations/demo/segments/2/name", as: .ana, server: server, body: #"{"label":"  "}"#)
      #expect(empty.status == .badRequest)
      let beyond = try await client.call(
        .put, "/api/v1/segmentations/demo/segments/9/name", as: .ana, server: server, body: #"{"label":"x"}"#)
      #expect((400..<500).contains(Int(beyond.status.code)))

      var total = 0
      var members: [String: Int] = [:]
      for segment in 1...8 {
        let page = try await client.call(
          .get, "/api/v1/segmentations/demo/members?segment=\(segment)&limit=500", as: .vic, server: server)
        let body = try page.json()
        #expect(body["total"]?.numberValue.map(Int.init) == sizes[segment - 1])
        for item in body["items"]?.elements ?? [] {
          #expect(item["segment"]?.numberValue == Double(segment))
          if segment == 2 { #expect(item["segment_name"] == "贵宾 / High value") }
          if let id = item["customer_id"]?.stringValue { members[id] = segment }
        }
        total += body["total"]?.numberValue.map(Int.init) ?? 0
        for phone in server.fixture.personalValues.phones.prefix(50) { #expect(!page.text.contains(phone)) }
      }
      #expect(total == 1500)

      let export = try await client.call(.post, "/api/v1/segmentations/demo/export", as: .ana, server: server)
      let exported = Self.rows(export.text)
      #expect(exported.first == ["customer_id", "cluster_id", "segment_id", "segment_name"] && exported.count == 1501)
      for row in exported.dropFirst().prefix(200) { #expect(members[row[0]] == Int(row[2])) }

      // Assigning the wide table's own rows gives back the stored segments.
      let features = try await client.call(.post, "/api/v1/features/export", as: .ana, server: server).text
      let sample = features.split(separator: "\n").prefix(61).joined(separator: "\n") + "\n"
      let upload = try await client.call(.post, "/api/v1/uploads?name=new.csv", as: .ana, server: server, body: sample)
      let id = try #require(try upload.json()["id"]?.stringValue)
      let assigned = try await client.call(
        .post, "/api/v1/segmentations/demo/assign", as: .ana, server: server,
        body: #"{"upload":"\#(id)","id_column":"customer_id","lang":"en"}"#)
      #expect(assigned.status == .ok, "\(assigned.text.prefix(300))")
      let rows = Self.rows(assigned.text)
      #expect(rows.first == ["customer_id", "segment_id", "segment_name", "distance"] && rows.count == 61)
      let agreeing = rows.dropFirst().filter { members[$0[0]] == Int($0[1]) }.count
      #expect(agreeing >= 57, "\(agreeing) of 60 assigned as stored")
      let badUpload = try await client.call(
        .post, "/api/v1/segmentations/demo/assign", as: .ana, server: server, body: #"{"upload":"../../etc/passwd"}"#)
      #expect(badUpload.status == .badRequest)
    }
  }

  @Test("a rule is checked and counted; an invalid one answers 200 with the error and its position")
  func rules() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let valid = try await client.call(
        .post, "/api/v1/rules/check", as: .vic, server: server,
        body: #"{"rule":"arpu > 100 or tag(stock_investor)","count":true}"#)
      #expect(valid.status == .ok && document.problems(valid, .post, "/api/v1/rules/check") == [])
      let body = try valid.json()
      #expect(body["valid"] == true && body["customers"] == 1500 && body["tags"] == ["stock_investor"])
      let matches = try #require(body["matches"]?.numberValue)
      #expect(matches > 0 && matches < 1500)
      let invalid = try await client.call(
        .post, "/api/v1/rules/check", as: .vic, server: server, body: #"{"rule":"arpu >> 3","count":true}"#)
      #expect(invalid.status == .ok && document.problems(invalid, .post, "/api/v1/rules/check") == [])
      let problem = try invalid.json()
      #expect(problem["valid"] == false && problem["matches"] == nil)
      #expect(problem["error"]?["position"] == 6 && problem["error"]?["display"]?.stringValue?.contains("^") == true)
      let personal = try await client.call(
        .post, "/api/v1/rules/check", as: .vic, server: server, body: #"{"rule":"phone = \"1\""}"#
      ).json()
      #expect(personal["valid"] == false)
      let long = try await client.call(
        .post, "/api/v1/rules/check", as: .vic, server: server,
        body: #"{"rule":"\#(String(repeating: "a", count: 10_001))"}"#)
      #expect(long.status == .badRequest)
      let notJSON = try await client.call(.post, "/api/v1/rules/check", as: .vic, server: server, body: "rule=x")
      #expect(notJSON.status == .badRequest)
    }
  }

  @Test("tags: list, define from YAML, and one tag's applies, coverage and profile")
  func tags() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let list = try await client.call(.get, "/api/v1/tags?limit=500", as: .vic, server: server).json()
      let names = (list["items"]?.elements ?? []).compactMap { $0["name"]?.stringValue }
      #expect(names.contains("stock_investor") && list["total"]?.numberValue == Double(names.count))
      let detail = try await client.call(.get, "/api/v1/tags/stock_investor", as: .vic, server: server)
      #expect(document.problems(detail, .get, "/api/v1/tags/:name") == [])
      let body = try detail.json()
      let versions = body["versions"]?.elements ?? []
      #expect(versions.count == 1 && versions.first?["gained"] == body["report"]?["count"])
      #expect(body["report"]?["customers"] == 1500 && (body["report"]?["features"]?.elements.count ?? 0) > 10)

      let yaml =
        "tags:\n  - name: big_spender\n    category: business\n    label: {zh: 大户, en: Big spender}\n"
        + "    rule: arpu >= 200\n"
      let defined = try await client.call(
        .post, "/api/v1/tags", as: .ana, server: server, body: try Self.json(["yaml": yaml]))
      #expect(defined.status == .ok, "\(defined.text)")
      #expect(try defined.json()["changed"] == ["big_spender"])
      let fresh = try await client.call(.get, "/api/v1/tags/big_spender", as: .vic, server: server).json()
      #expect(fresh["versions"] == [] && fresh["report"] == nil && fresh["tag"]?["stale"] == true)
      let badRule = try await client.call(
        .post, "/api/v1/tags", as: .ana, server: server,
        body: try Self.json([
          "yaml": "tags:\n  - name: t\n    category: business\n    label: {zh: t, en: t}\n    rule: nope > 1\n"
        ]))
      #expect(try badRule.status == .unprocessableContent && (badRule.json()["error"]?["code"]) == "invalid_rule")
      let badYAML = try await client.call(
        .post, "/api/v1/tags", as: .ana, server: server, body: try Self.json(["yaml": "tags: [: :"]))
      #expect((400..<500).contains(Int(badYAML.status.code)))
      let unknown = try await client.call(.get, "/api/v1/tags/nope", as: .vic, server: server)
      #expect(unknown.status == .notFound)
    }
  }

  @Test("products: list, replace the catalogue, and recommendations as a CSV download")
  func products() async throws {
    let server = try APIServer()
    try await server.test { client, _ in
      let list = try await client.call(.get, "/api/v1/products", as: .vic, server: server).json()
      #expect(list["total"] == 6 && list["items"]?.elements.first?["id"] == "stock_app")
      let yaml = "products:\n  - id: gold\n    name: {zh: 金卡, en: Gold}\n    target: arpu >= 150\n    priority: 3\n"
      let defined = try await client.call(
        .post, "/api/v1/products", as: .ana, server: server, body: try Self.json(["yaml": yaml]))
      #expect(try defined.status == .ok && (defined.json()["products"]?.elements.count) == 1)
      let csv = try await client.call(
        .post, "/api/v1/recommendations/export", as: .ana, server: server, body: #"{"top":1}"#)
      let rows = Self.rows(csv.text)
      #expect(rows.first?.first == "customer_id" && rows.count > 50)
      #expect(rows.dropFirst().allSatisfy { $0[2] == "gold" && $0[1] == "1" })
      let badRule = try await client.call(
        .post, "/api/v1/products", as: .ana, server: server,
        body: try Self.json(["yaml": "products:\n  - id: x\n    name: {zh: x, en: x}\n    target: arpu >>\n"]))
      #expect(badRule.status == .unprocessableContent)
      let badTop = try await client.call(
        .post, "/api/v1/recommendations/export", as: .ana, server: server, body: #"{"top":0}"#)
      #expect(badTop.status == .badRequest)
    }
  }

  @Test("baskets: association rules of an uploaded holdings file; out-of-range options refused")
  func baskets() async throws {
    let server = try APIServer()
    var lines = ["customer_id,item"]
    for i in 0..<100 {
      lines.append("C\(i),phone")
      if i % 2 == 0 { lines += ["C\(i),case", "C\(i),charger"] }
      if i % 5 == 0 { lines.append("C\(i),tv") }
    }
    let holdings = lines.joined(separator: "\n") + "\n"
    try await server.test { client, state in
      let document = APIDocument(state)
      let upload = try await client.call(
        .post, "/api/v1/uploads?name=holdings.csv", as: .ada, server: server, body: holdings)
      let id = try #require(try upload.json()["id"]?.stringValue)
      let response = try await client.call(
        .post, "/api/v1/baskets", as: .cam, server: server,
        body: #"{"upload":"\#(id)","min_support":0.3,"min_confidence":0.9}"#)
      #expect(response.status == .ok && document.problems(response, .post, "/api/v1/baskets") == [])
      let body = try response.json()
      #expect(body["customers"] == 100 && body["items"] == 4)
      let rules = body["rules"]?.elements ?? []
      #expect(
        rules.contains { $0["antecedents"] == ["case"] && $0["consequents"] == ["charger"] && $0["confidence"] == 1 })
      let zero = try await client.call(
        .post, "/api/v1/baskets", as: .cam, server: server, body: #"{"upload":"\#(id)","min_support":0}"#)
      #expect(try zero.status == .badRequest && (zero.json()["error"]?["field"]) == "min_support")
    }
  }

  @Test("campaigns: create (YAML or JSON), show, responses, evaluation with overrides, learning and its tag")
  func campaigns() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let yaml = "name: cam_email\nproduct: p\noffer: o\ntarget: arpu > 100\nchannel: sms\ncontrol_share: 0.3\n"
      let created = try await client.call(
        .post, "/api/v1/campaigns", as: .cam, server: server, body: try Self.json(["yaml": yaml]))
      #expect(created.status == .created && created.headers[.location] == "/api/v1/campaigns/cam_email")
      #expect(document.problems(created, .post, "/api/v1/campaigns") == [])
      let fromJSON = try await client.call(
        .post, "/api/v1/campaigns", as: .cam, server: server,
        body: #"{"spec":{"name":"cam_json","product":"p","offer":"o","target":"tag(stock_investor)","channel":"sms"}}"#)
      #expect(fromJSON.status == .created, "\(fromJSON.text)")
      let shown = try await client.call(.get, "/api/v1/campaigns/cam_json", as: .cam, server: server)
      #expect(document.problems(shown, .get, "/api/v1/campaigns/:name") == [])
      #expect(try shown.json()["campaign"]?["owner"] == "cam")
      // Creating again replaces one's own unselected campaign; never another manager's.
      let again = try await client.call(
        .post, "/api/v1/campaigns", as: .cam, server: server, body: try Self.json(["yaml": yaml]))
      #expect(again.status == .created)
      let cara = yaml.replacingOccurrences(of: "cam_email", with: "cara_new")
      #expect(
        try await client.call(.post, "/api/v1/campaigns", as: .cara, server: server, body: Self.json(["yaml": cara]))
          .status == .created)
      let taken = try await client.call(
        .post, "/api/v1/campaigns", as: .cam, server: server,
        body: try Self.json(["yaml": cara.replacingOccurrences(of: "arpu > 100", with: "arpu > 1")]))
      #expect(taken.status == .conflict)
      let kept = try await client.call(.get, "/api/v1/campaigns/cara_new", as: .cara, server: server).json()
      #expect(kept["spec"]?["target"] == "arpu > 100" && kept["campaign"]?["owner"] == "cara")
      let selected = try await client.call(
        .post, "/api/v1/campaigns", as: .cam, server: server,
        body: try Self.json(["yaml": yaml.replacingOccurrences(of: "cam_email", with: "cam_sms")]))
      #expect(selected.status == .conflict)
      let badRule = try await client.call(
        .post, "/api/v1/campaigns", as: .cam, server: server,
        body: #"{"spec":{"name":"bad","product":"p","offer":"o","target":"arpu >","channel":"sms"}}"#)
      #expect(badRule.status == .unprocessableContent)
      let both = try await client.call(
        .post, "/api/v1/campaigns", as: .cam, server: server, body: #"{"yaml":"x","spec":{}}"#)
      #expect(both.status == .badRequest)

      // Responses for two of cam_sms's members.
      let export = try await client.call(.post, "/api/v1/campaigns/cam_sms/export", as: .cam, server: server)
      let members = Self.rows(export.text).dropFirst().prefix(2).map { $0[0] }
      let csv =
        "customer_id,reached,converted,revenue\n\(members[0]),yes,yes,30\n\(members[1]),yes,no,\nC9999999,yes,no,\n"
      let failing = try await client.call(
        .post, "/api/v1/campaigns/cam_sms/responses", as: .cam, server: server, body: csv)
      #expect(failing.status == .unprocessableContent)
      let skipping = try await client.call(
        .post, "/api/v1/campaigns/cam_sms/responses?on_error=skip", as: .cam, server: server, body: csv)
      #expect(skipping.status == .ok && document.problems(skipping, .post, "/api/v1/campaigns/:name/responses") == [])
      let imported = try skipping.json()
      #expect(imported["stored"] == 2 && imported["rows_read"] == 3 && imported["skipped"]?["unknown_customer"] == 1)
      #expect(!skipping.text.contains(".data"))

      let evaluation = try await client.call(
        .get, "/api/v1/campaigns/stock_app/evaluation?budget=2500&confidence=0.9", as: .vic, server: server)
      #expect(
        evaluation.status == .ok && document.problems(evaluation, .get, "/api/v1/campaigns/:name/evaluation") == [])
      let evaluated = try evaluation.json()
      #expect(evaluated["budget"] == 2500 && evaluated["confidence"] == 0.9 && evaluated["campaign"] == "stock_app")
      #expect(
        (evaluated["target"]?["converted"]?.numberValue ?? 0) > (evaluated["control"]?["converted"]?.numberValue ?? 0))
      let bad = try await client.call(
        .get, "/api/v1/campaigns/stock_app/evaluation?confidence=2", as: .vic, server: server)
      #expect(bad.status == .badRequest)

      let learning = try await client.call(.get, "/api/v1/campaigns/stock_app/learning", as: .vic, server: server)
        .json()
      let refined = try #require(learning["refined_rule"]?.stringValue)
      #expect(refined.hasPrefix("(tag(stock_investor)) and "))
      let refuse = try await client.call(
        .post, "/api/v1/campaigns/stock_app/learning", as: .ada, server: server, body: #"{"apply_tag":"smart"}"#)
      #expect(refuse.status == .ok)
      let tag = try await client.call(.get, "/api/v1/tags/smart", as: .vic, server: server).json()
      #expect(tag["tag"]?["rule"]?.stringValue == refined)
      let campaignManager = try await client.call(
        .post, "/api/v1/campaigns/cam_sms/learning", as: .cam, server: server, body: #"{"apply_tag":"x"}"#)
      #expect(campaignManager.status == .forbidden || campaignManager.status == .conflict)
    }
  }

  @Test("contacts: attempts from a CSV body make customers dormant; the status lists them by page")
  func contacts() async throws {
    let server = try APIServer()
    let ids = server.fixture.personalValues.ids
    try await server.test { client, state in
      let document = APIDocument(state)
      var csv = "customer_id,method,attempted_at,success\n"
      for id in ids.prefix(5) { csv += "\(id),phone,2024-03-01,no\n\(id),sms,2024-03-02,no\n" }
      let imported = try await client.call(
        .post, "/api/v1/contacts/attempts?max_failures=1&methods=phone,sms", as: .ana, server: server, body: csv)
      #expect(imported.status == .ok, "\(imported.text)")
      #expect(document.problems(imported, .post, "/api/v1/contacts/attempts") == [])
      let body = try imported.json()
      #expect(body["stored"] == 10 && body["settings"]?["maximum_failures"] == 1)
      let again = try await client.call(
        .post, "/api/v1/contacts/attempts?max_failures=1&methods=phone,sms", as: .ana, server: server, body: csv
      ).json()
      #expect(again["stored"] == 0 && again["already_stored"] == 10)
      let status = try await client.call(.get, "/api/v1/contacts/status?list=dormant&limit=3", as: .vic, server: server)
      #expect(document.problems(status, .get, "/api/v1/contacts/status") == [])
      let counts = try status.json()
      let unreachable = (counts["dormant"]?.numberValue ?? 0) + (counts["void"]?.numberValue ?? 0)
      #expect(unreachable == 5 && counts["customers"]?["items"]?.elements.count ?? 0 <= 3)
      let badMethod = try await client.call(
        .post, "/api/v1/contacts/attempts?methods=pigeon", as: .ana, server: server, body: csv)
      #expect(try badMethod.status == .badRequest && (badMethod.json()["error"]?["field"]) == "methods")
    }
  }

  @Test("users: add, token, disable (its token stops working), enable; an administrator cannot disable themself")
  func users() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let list = try await client.call(.get, "/api/v1/users", as: .ada, server: server)
      #expect(try document.problems(list, .get, "/api/v1/users") == [] && (list.json()["total"]) == 6)
      let added = try await client.call(
        .post, "/api/v1/users", as: .ada, server: server,
        body: #"{"name":"zed","role":"viewer","password":"a-long-password"}"#)
      #expect(added.status == .created && document.problems(added, .post, "/api/v1/users") == [])
      #expect(!added.text.contains("a-long-password"))
      let short = try await client.call(
        .post, "/api/v1/users", as: .ada, server: server, body: #"{"name":"zoe","role":"viewer","password":"short"}"#)
      #expect(try short.status == .badRequest && (short.json()["error"]?["field"]) == "password")
      let badRole = try await client.call(
        .post, "/api/v1/users", as: .ada, server: server,
        body: #"{"name":"zoe","role":"king","password":"a-long-password"}"#)
      #expect(badRole.status == .badRequest)
      let issued = try await client.call(.post, "/api/v1/users/zed/token", as: .ada, server: server)
      #expect(issued.status == .created)
      let token = try #require(try issued.json()["token"]?.stringValue)
      let me = try await client.call(
        .get, "/api/v1/me", as: nil, server: server, headers: [.authorization: "Bearer \(token)"])
      #expect(try me.json()["role"] == "viewer")
      let disabled = try await client.call(.post, "/api/v1/users/zed/disable", as: .ada, server: server)
      #expect(try disabled.json()["disabled"] == true)
      let refused = try await client.call(
        .get, "/api/v1/me", as: nil, server: server, headers: [.authorization: "Bearer \(token)"])
      #expect(refused.status == .unauthorized)
      _ = try await client.call(.post, "/api/v1/users/zed/enable", as: .ada, server: server)
      let back = try await client.call(
        .get, "/api/v1/me", as: nil, server: server, headers: [.authorization: "Bearer \(token)"])
      #expect(back.status == .ok)
      let myself = try await client.call(.post, "/api/v1/users/ada/disable", as: .ada, server: server)
      #expect(myself.status == .conflict)
      let nobody = try await client.call(.post, "/api/v1/users/nobody/disable", as: .ada, server: server)
      #expect(nobody.status == .notFound)
    }
  }

  @Test("an upload's preview shows inferred types and masks personal columns")
  func uploadPreview() async throws {
    let server = try APIServer()
    let customers = try String(contentsOfFile: server.fixture.folder + "/customers.csv", encoding: .utf8)
    let sample = customers.split(separator: "\n").prefix(31).joined(separator: "\n") + "\n"
    try await server.test { client, state in
      let document = APIDocument(state)
      let upload = try await client.call(
        .post, "/api/v1/uploads?name=customers.csv", as: .ana, server: server, body: sample)
      let id = try #require(try upload.json()["id"]?.stringValue)
      let preview = try await client.call(.get, "/api/v1/uploads/\(id)/preview?rows=5", as: .ana, server: server)
      #expect(preview.status == .ok && document.problems(preview, .get, "/api/v1/uploads/:id/preview") == [])
      let body = try preview.json()
      let columns = body["columns"]?.elements ?? []
      #expect(columns.filter { $0["personal"] == true }.compactMap { $0["name"]?.stringValue } == ["phone", "email"])
      #expect(columns.first { $0["name"] == "age" }?["type"] == "integer")
      #expect(body["rows"]?.elements.count == 5 && body["rows_sampled"] == 30)
      for phone in server.fixture.personalValues.phones.prefix(40) { #expect(!preview.text.contains(phone)) }
      let missing = try await client.call(
        .get, "/api/v1/uploads/\(id)/preview?id_column=nope", as: .ana, server: server)
      #expect(missing.status == .notFound)
      let unknown = try await client.call(.get, "/api/v1/uploads/0123456789abcdef/preview", as: .ana, server: server)
      #expect(unknown.status == .notFound)
    }
  }

  /// `object` as JSON text.
  static func json(_ object: [String: String]) throws -> String {
    String(decoding: try JSONEncoder().encode(object), as: UTF8.self)
  }
}
