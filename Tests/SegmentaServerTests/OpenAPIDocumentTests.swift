import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaServer

@Suite("OpenAPI: the document covers every API route and the real responses conform to it")
struct OpenAPIDocumentTests {
  @Test("every API route is in the document with its method, summary, permission, security and 401/403")
  func everyRoute() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let response = try await client.call(.get, "/api/v1/openapi.json", as: nil, server: server)
      #expect(response.status == .ok)
      let document = try response.json()
      #expect(document["openapi"] == "3.1.0")
      let routes = state.routes.all.filter { $0.kind == .api }
      #expect(routes.count >= 50)
      for route in routes {
        let (path, parameters) = OpenAPIDocument.openAPIPath(route.path)
        let operation = try #require(
          document["paths"]?[path]?[route.method.rawValue.lowercased()], "\(route.method) \(route.path) is missing")
        #expect(operation["summary"]?.stringValue == route.summary)
        #expect(operation["parameters"]?.elements.filter { $0["in"] == "path" }.count ?? 0 == parameters.count)
        switch route.access {
        case .open:
          #expect(operation["security"] == [], "\(route.path)")
          #expect(operation["responses"]?["401"] == nil)
        case .signedIn:
          #expect(operation["x-permission"] == "signed_in")
          #expect(operation["responses"]?["401"] != nil && operation["responses"]?["403"] != nil)
        case .permission(let permission):
          #expect(operation["x-permission"]?.stringValue == permission.rawValue, "\(route.path)")
          #expect(operation["security"]?.elements.count == 2)
          #expect(operation["responses"]?["401"] != nil && operation["responses"]?["403"] != nil)
        }
      }
      // Pages are not API operations.
      let pages = state.routes.all.filter { $0.kind != .api }
      for page in pages { #expect(document["paths"]?[OpenAPIDocument.openAPIPath(page.path).0] == nil) }
    }
  }

  @Test("every API route has a hand-written description of its query, body and response")
  func everyRouteDescribed() async throws {
    let server = try APIServer()
    let (_, state) = try await server.router()
    let undescribed = state.routes.all.filter { $0.kind == .api }.map { "\($0.method.rawValue) \($0.path)" }
      .filter { OpenAPIDocument.operations[$0] == nil }
    #expect(undescribed == [], "add these to OpenAPIDocument.operations")
    let unused = Set(OpenAPIDocument.operations.keys).subtracting(
      state.routes.all.map { "\($0.method.rawValue) \($0.path)" })
    #expect(unused.isEmpty, "operations of routes that do not exist: \(unused.sorted())")
    // Every reference in the document resolves.
    let document = OpenAPIDocument.document(state.routes.all)
    let validator = JSONSchemaValidator(document: document)
    var references: [String] = []
    func collect(_ value: JSONValue) {
      switch value {
      case .object(let members):
        if let reference = members["$ref"]?.stringValue { references.append(reference) }
        members.values.forEach(collect)
      case .array(let values): values.forEach(collect)
      default: break
      }
    }
    collect(document)
    #expect(references.count > 100)
    for reference in Set(references) { #expect(validator.resolve(reference) != nil, "\(reference)") }
  }

  @Test("the validator catches wrong types, missing fields, bad enums, unresolved references and nulls")
  func validator() {
    let document: JSONValue = [
      "components": ["schemas": ["Label": Schema.object(["zh": Schema.string], required: ["zh"])]]
    ]
    let validator = JSONSchemaValidator(document: document)
    let schema = Schema.object(
      [
        "n": Schema.integer, "mean": Schema.real, "kind": Schema.enumeration(["a", "b"]),
        "labels": Schema.array(Schema.ref("Label")),
      ], required: ["n"])
    #expect(validator.problems(["n": 3, "mean": .null, "kind": "a", "labels": [["zh": "x"]]], schema) == [])
    #expect(validator.problems(["n": 3.5], schema).count == 1)
    #expect(validator.problems(["mean": 1], schema) == ["$: lacks required 'n'"])
    #expect(validator.problems(["n": 1, "kind": "c"], schema).count == 1)
    #expect(validator.problems(["n": 1, "labels": [["en": "x"]]], schema) == ["$.labels[0]: lacks required 'zh'"])
    #expect(validator.problems(["n": 1, "mean": "x"], schema).count == 1)
    #expect(validator.problems(.array([]), schema) == ["$: expected object, found array"])
    #expect(!validator.problems(["n": 1], Schema.ref("Nope")).isEmpty)
    let one: JSONValue = ["oneOf": [Schema.integer, Schema.number]]
    #expect(validator.problems(1.5, one) == [] && validator.problems(2, one).count == 1)
  }

  @Test("the response of every GET route (as an administrator, on the demo workspace) conforms to the document")
  func getResponsesConform() async throws {
    let server = try APIServer()
    let customers = try String(contentsOfFile: server.fixture.folder + "/customers.csv", encoding: .utf8)
    let sample = customers.split(separator: "\n").prefix(40).joined(separator: "\n") + "\n"
    try await server.test { client, state in
      let document = APIDocument(state)
      let upload = try await client.execute(
        uri: "/api/v1/uploads?name=customers.csv", method: .post, headers: server.headers(.ada),
        body: ByteBuffer(string: sample))
      #expect(upload.status == .created)
      let uploadID = try #require(try upload.json()["id"]?.stringValue)
      let started = try await client.call(.post, "/api/v1/jobs/apply-tags", as: .ada, server: server, body: "{}")
      #expect(started.status == .accepted)
      let jobID = String(Int(try #require(try started.json()["id"]?.numberValue)))
      var finished = false
      for _ in 0..<600 where !finished {
        let job = try await client.call(.get, "/api/v1/jobs/\(jobID)", as: .ada, server: server)
        finished = ["succeeded", "failed", "cancelled"].contains(try job.json()["status"]?.stringValue ?? "")
        if !finished { try await Task.sleep(for: .milliseconds(100)) }
      }
      #expect(finished)
      let tags = try await client.call(.get, "/api/v1/tags", as: .ada, server: server).json()
      let tag = try #require(tags["items"]?.elements.first?["name"]?.stringValue)

      func value(_ parameter: String, _ path: String) -> String? {
        switch (parameter, path) {
        case ("name", _) where path.hasPrefix("/api/v1/segmentations/"): "demo"
        case ("segment", _): "1"
        case ("name", _) where path.hasPrefix("/api/v1/tags/"): tag
        case ("name", _) where path.hasPrefix("/api/v1/campaigns/"): "stock_app"
        case ("name", _) where path.hasPrefix("/api/v1/users/"): "vic"
        case ("id", _) where path.hasPrefix("/api/v1/uploads/"): uploadID
        case ("id", _) where path.hasPrefix("/api/v1/jobs/"): jobID
        case ("id", _) where path.hasPrefix("/api/v1/customers/"): "C0000001"
        default: nil
        }
      }
      // A refresh of the demo, so that its migration has a version to start from.
      let refreshed = try await client.call(
        .post, "/api/v1/segmentations/demo/refresh", as: .ada, server: server, body: "{}")
      #expect(refreshed.status == .ok)
      // The stability of the demo's latest version, so that its stored result can be read.
      let stability = try await client.call(
        .post, "/api/v1/segmentations/demo/stability", as: .ada, server: server,
        body: #"{"bootstrap": 2, "seeds": 0}"#)
      #expect(stability.status == .ok)
      // An assessment of the demo's latest version, so that its stored result can be read.
      let matrix =
        "attractiveness:\n  - {label: Size, size: share, linear: {min: 0, max: 0.3}}\n"
        + "  - {label: ARPU, mean: arpu, weight: 2, linear: {min: 30, max: 150}}\n"
        + "capabilities:\n  sales: {by: brand, default: 1}\n  delivery: 2\n"
      let assessed = try await client.call(
        .post, "/api/v1/segmentations/demo/assess", as: .ada, server: server,
        body: String(decoding: try JSONEncoder().encode(["spec": matrix]), as: UTF8.self))
      #expect(assessed.status == .ok, "\(assessed.text.prefix(300))")
      #expect(document.problems(assessed, .post, "/api/v1/segmentations/:name/assess") == [])
      var checked = 0
      for route in state.routes.all where route.kind == .api && route.method == .get {
        let values = Dictionary(
          uniqueKeysWithValues: RouteURI.parameters(route.path).compactMap { name in
            value(name, route.path).map { (name, $0) }
          })
        var uri = try #require(RouteURI.fill(route.path, values), "no value for a parameter of \(route.path)")
        // The demo scores no churn, so its retention view crosses the segments with the value tiers.
        if route.path == "/api/v1/value/retention" { uri += "?by=demo,value_tier&churn=none&kpis=arpu" }
        // The demo's latest version (a refresh) against its first.
        if route.path == "/api/v1/segmentations/:name/compare" { uri += "?with=demo&with_version=1" }
        // The customers a rule selects.
        if route.path == "/api/v1/rules/members" { uri += "?rule=arpu%20%3E%20100&columns=phone,arpu,segment(demo)" }
        let response = try await client.call(.get, uri, as: .ada, server: server)
        #expect(response.status.code == 200, "\(uri): \(response.status) \(response.text.prefix(300))")
        let type = response.headers[.contentType] ?? ""
        if type.hasPrefix("application/json") {
          #expect(document.problems(response, .get, route.path) == [])
        } else {
          #expect(type.hasPrefix("text/event-stream"), "\(uri): \(type)")
          #expect(response.text.contains("event: end"))
        }
        checked += 1
      }
      #expect(checked >= 25)
      // Variants that fill optional parts of the bodies.
      let variants: [(String, String)] = [
        ("/api/v1/segmentations/:name/members", "/api/v1/segmentations/demo/members?segment=2&limit=5&features=8"),
        ("/api/v1/segmentations", "/api/v1/segmentations?latest=true&limit=1"),
        ("/api/v1/contacts/status", "/api/v1/contacts/status?list=dormant&limit=3"),
        ("/api/v1/audit", "/api/v1/audit?campaign=stock_app"),
        ("/api/v1/campaigns/:name/evaluation", "/api/v1/campaigns/stock_app/evaluation?budget=1000&confidence=0.9"),
        ("/api/v1/campaigns/:name/learning", "/api/v1/campaigns/stock_app/learning?min_kept=0.3"),
        ("/api/v1/features", "/api/v1/features?period=2024Q1"),
        ("/api/v1/uploads/:id/preview", "/api/v1/uploads/\(uploadID)/preview?rows=3&id_column=customer_id"),
      ]
      for (pattern, uri) in variants {
        let response = try await client.call(.get, uri, as: .ada, server: server)
        #expect(response.status == .ok, "\(uri): \(response.text.prefix(300))")
        #expect(document.problems(response, .get, pattern) == [])
      }
      // Errors conform too.
      let missing = try await client.call(.get, "/api/v1/campaigns/nope", as: .ada, server: server)
      #expect(missing.status == .notFound && document.problems(missing, .get, "/api/v1/campaigns/:name") == [])
      let anonymous = try await client.call(.get, "/api/v1/status", as: nil, server: server)
      #expect(anonymous.status == .unauthorized && document.problems(anonymous, .get, "/api/v1/status") == [])
    }
  }
}
