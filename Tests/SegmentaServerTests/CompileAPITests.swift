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

@Suite("API: compile a wide table, the value table and a profile; import a wide table as a job")
struct CompileAPITests {
  /// A small wide-table spec over the demo's events.
  static let spec = """
    events: {customer_id: customer_id, timestamp: timestamp, type: event_type}
    reference_date: 2024-03-31
    features:
      - name: calls
        aggregate: count
        where: {type: call}
      - name: mean_call_seconds
        aggregate: mean
        of: duration
        where: {type: call}
    """

  /// `fields` as a JSON body.
  static func body(_ fields: [String: String]) throws -> String {
    String(decoding: try JSONEncoder().encode(fields), as: UTF8.self)
  }

  /// A context over the server's workspace, to run the command's workflow beside the route.
  static func context(_ server: APIServer) -> WorkflowContext {
    WorkflowContext(workspacePath: server.configuration.workspacePath, user: "ana")
  }

  @Test("features: a spec in the body or the one stored with a period, as the workflow compiles it; bad bodies refused")
  func features() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let path = "/api/v1/compile/features"
      let response = try await client.call(
        .post, path, as: .vic, server: server, body: try Self.body(["spec": Self.spec, "target": "postgres"]))
      #expect(response.status == .ok && document.problems(response, .post, path) == [], "\(response.text.prefix(300))")
      let answer = try response.json()
      let expected = try CompileFeaturesWorkflow(spec: .text(Self.spec, name: "spec"), target: .postgres)
        .run(Self.context(server))
      #expect(answer["sql"]?.stringValue == expected.sql && answer["spec"] == "spec" && answer["target"] == "postgres")
      #expect(answer["features"]?.elements.compactMap { $0["name"]?.stringValue } == ["calls", "mean_call_seconds"])
      #expect(answer["tables"]?.elements.compactMap { $0["name"]?.stringValue } == ["events", "customers"])

      // No body: the spec the demo's period was built with, for DuckDB.
      let stored = try await client.call(.post, path, as: .ana, server: server)
      #expect(stored.status == .ok && document.problems(stored, .post, path) == [])
      let demo = try stored.json()
      let same = try CompileFeaturesWorkflow(spec: .text(DemoSpecs.featuresYAML, name: "spec"), target: .duckdb)
        .run(Self.context(server))
      #expect(demo["features"]?.elements.count == same.features.count && demo["target"] == "duckdb")
      #expect(demo["features"]?.elements.compactMap { $0["name"]?.stringValue } == same.features.map(\.name))
      let period = try #require(demo["spec"]?.stringValue)
      #expect(period.hasPrefix("period ") && period.hasSuffix("'s spec"))

      let bad = Self.spec.replacingOccurrences(of: "aggregate: mean", with: "aggregate: meen")
      for (fields, status, field) in [
        (["spec": bad], HTTPResponse.Status.unprocessableContent, nil),
        (["spec": Self.spec, "period": "2024Q1"], .badRequest, "period"),
        (["period": "no-such-period"], .notFound, nil),
        (["spec": Self.spec, "target": "oracle"], .badRequest, nil),
        (["spec": Self.spec, "events_table": "events; DROP TABLE x"], .badRequest, "events-table"),
        (["spec": Self.spec, "as_of": "2024-02-30"], .badRequest, "as_of"),
      ] as [([String: String], HTTPResponse.Status, String?)] {
        let refused = try await client.call(.post, path, as: .ana, server: server, body: try Self.body(fields))
        #expect(refused.status == status, "\(fields): \(refused.text.prefix(300))")
        #expect(document.problems(refused, .post, path) == [], "\(fields)")
        let error = try refused.json()["error"]
        if let field { #expect(error?["field"]?.stringValue == field, "\(fields): \(refused.text.prefix(300))") }
        if fields["spec"] == bad {
          #expect(
            error?["code"] == "invalid_spec" && error?["file"] == "spec" && error?["line"] == 8, "\(refused.text)")
          #expect(error?["description"]?.stringValue?.hasPrefix("spec:8:") == true)
        }
      }
      let frontline = try await client.call(.post, path, as: .fay, server: server, body: try Self.body(["spec": ""]))
      #expect(frontline.status == .forbidden)
      let notJSON = try await client.call(.post, path, as: .ana, server: server, body: "spec: x")
      #expect(notJSON.status == .badRequest)
    }
  }

  @Test("campaign: the workflow's target list for the demo campaign; a cap without contacts is refused by field")
  func campaign() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let path = "/api/v1/compile/campaign"
      let body = try Self.body([
        "campaign": "stock_app", "target": "postgres", "contacts_table": "contacts", "statuses_table": "statuses",
        "now": "2024-04-01T00:00:00",
      ])
      let compiled = try await client.call(.post, path, as: .vic, server: server, body: body)
      #expect(compiled.status == .ok && document.problems(compiled, .post, path) == [], "\(compiled.text.prefix(300))")
      let expected = try CompileCampaignWorkflow(
        name: "stock_app", target: .postgres, statusesTable: "statuses", contactsTable: "contacts",
        now: "2024-04-01T00:00:00"
      ).run(Self.context(server))
      #expect(try compiled.json()["sql"]?.stringValue == expected.sql)
      #expect(try compiled.json()["control"]?.stringValue == "random")
      for (body, status, field) in [
        (#"{"campaign":"stock_app"}"#, HTTPResponse.Status.badRequest, "contacts-table"),
        (#"{"campaign":"nope","contacts_table":"c"}"#, .notFound, nil),
        (#"{"campaign":"stock_app","contacts_table":"a b"}"#, .badRequest, "contacts-table"),
        (#"{}"#, .badRequest, nil),
      ] as [(String, HTTPResponse.Status, String?)] {
        let refused = try await client.call(.post, path, as: .ana, server: server, body: body)
        #expect(refused.status == status, "\(body): \(refused.text.prefix(300))")
        #expect(document.problems(refused, .post, path) == [], "\(body)")
        if let field { #expect(try refused.json()["error"]?["field"]?.stringValue == field, "\(body)") }
      }
      let frontline = try await client.call(.post, path, as: .fay, server: server, body: body)
      #expect(frontline.status == .forbidden)
    }
  }

  @Test("value and profile: the workflows' answers for the demo; refusals name the field; roles are enforced")
  func valueAndProfile() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let value = try await client.call(
        .post, "/api/v1/compile/value", as: .vic, server: server, body: #"{"target":"spark","bins":4}"#)
      #expect(value.status == .ok && document.problems(value, .post, "/api/v1/compile/value") == [])
      let compiled = try value.json()
      let expected = try CompileValueWorkflow(target: .spark, bins: 4).run(Self.context(server))
      #expect(compiled["sql"]?.stringValue == expected.sql && compiled["bins"] == 4)
      let columns = compiled["columns"]?.elements.compactMap(\.stringValue) ?? []
      #expect(columns.contains("p_alive") && columns.contains("frequency"), "\(columns)")
      let empty = try await client.call(.post, "/api/v1/compile/value", as: .ana, server: server)
      let emptyTarget = try empty.json()["target"]
      #expect(empty.status == .ok && emptyTarget == "duckdb")
      for (body, status, field) in [
        (#"{"bins":11}"#, HTTPResponse.Status.badRequest, "bins"),
        (#"{"time_unit":"weeks"}"#, .badRequest, "time-unit"),
        (#"{"value_table":"nope"}"#, .notFound, nil),
        (#"{"transactions_table":"1x"}"#, .badRequest, "transactions-table"),
        (#"{"as_of":"31/03/2024"}"#, .badRequest, "as_of"),
      ] as [(String, HTTPResponse.Status, String?)] {
        let refused = try await client.call(.post, "/api/v1/compile/value", as: .ana, server: server, body: body)
        #expect(refused.status == status, "\(body): \(refused.text.prefix(300))")
        if let field { #expect(try refused.json()["error"]?["field"]?.stringValue == field, "\(body)") }
      }

      let profilePath = "/api/v1/compile/profile"
      let profile = try await client.call(
        .post, profilePath, as: .vic, server: server, body: #"{"segmentation":"demo","target":"postgres"}"#)
      #expect(profile.status == .ok && document.problems(profile, .post, profilePath) == [])
      let statistics = try profile.json()
      let direct = try CompileProfileWorkflow(name: "demo", target: .postgres, spec: nil).run(Self.context(server))
      #expect(
        statistics["sql"]?.stringValue == direct.sql && statistics["segments"]?.numberValue == Double(direct.segments))
      // A profile spec in the body is read as the same spec in a file.
      let directory = TemporaryDirectory()
      let specPath = directory.write("profile.yaml", DemoSpecs.profileYAML)
      let withSpec = try await client.call(
        .post, profilePath, as: .ana, server: server,
        body: try Self.body(["segmentation": "demo", "spec": DemoSpecs.profileYAML]))
      #expect(withSpec.status == .ok, "\(withSpec.text.prefix(300))")
      let fromFile = try CompileProfileWorkflow(name: "demo", target: .duckdb, specPath: specPath)
        .run(Self.context(server))
      #expect(try withSpec.json()["sql"]?.stringValue == fromFile.sql)
      #expect(try withSpec.json()["kpis"]?.numberValue == Double(fromFile.kpis))
      for (body, status) in [
        (#"{"segmentation":"nope"}"#, HTTPResponse.Status.notFound), (#"{}"#, .badRequest), ("", .badRequest),
        (#"{"segmentation":"demo","spec":"kpis: [1"}"#, .unprocessableContent),
        (#"{"segmentation":"demo","scores":"a b"}"#, .badRequest),
      ] {
        let refused = try await client.call(.post, profilePath, as: .ana, server: server, body: body)
        #expect(refused.status == status, "\(body): \(refused.text.prefix(300))")
        #expect(document.problems(refused, .post, profilePath) == [], "\(body)")
      }
      let frontline = try await client.call(
        .post, profilePath, as: .fay, server: server, body: #"{"segmentation":"demo"}"#)
      #expect(frontline.status == .forbidden)
    }
  }

  @Test(
    "a wide table exported from the workspace imports as a job; a broken one fails by line and column, storing nothing")
  func importFeatures() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let path = "/api/v1/jobs/import-features"
      let exported = try await client.call(.post, "/api/v1/features/export", as: .ana, server: server)
      #expect(exported.status == .ok)
      let lines = exported.text.split(separator: "\n").prefix(11).map(String.init)
      let header = lines[0].split(separator: ",").map(String.init)
      let upload = try await client.call(
        .post, "/api/v1/uploads?name=wide.csv", as: .ana, server: server, body: lines.joined(separator: "\n") + "\n")
      let id = try #require(try upload.json()["id"]?.stringValue)
      let started = try await client.call(
        .post, path, as: .ana, server: server,
        body: try Self.body(["upload": id, "spec": DemoSpecs.featuresYAML, "period": "imported"]))
      #expect(started.status == .accepted && document.problems(started, .post, path) == [], "\(started.text)")
      let job = try await finishedJob(
        String(Int(try #require(try started.json()["id"]?.numberValue))), client: client, server: server)
      #expect(job["status"] == "succeeded" && job["kind"] == "import_features", "\(job)")
      #expect(job["result"]?["rows"] == 10 && job["result"]?["features"]?.elements.count == header.count - 1)
      let periods = try await client.call(.get, "/api/v1/periods", as: .vic, server: server).json()
      let imported = periods["items"]?.elements.first { $0["label"] == "imported" }
      #expect(imported?["customer_count"] == 10, "\(periods)")

      var broken = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
      broken[2][1] = "abc"
      let badUpload = try await client.call(
        .post, "/api/v1/uploads?name=broken.csv", as: .ana, server: server,
        body: broken.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n")
      let badID = try #require(try badUpload.json()["id"]?.stringValue)
      let failing = try await client.call(
        .post, path, as: .ana, server: server,
        body: try Self.body(["upload": badID, "spec": DemoSpecs.featuresYAML, "period": "broken"]))
      #expect(failing.status == .accepted)
      let failed = try await finishedJob(
        String(Int(try #require(try failing.json()["id"]?.numberValue))), client: client, server: server)
      let error = failed["error"]
      #expect(failed["status"] == "failed" && error?["file"] == "broken.csv", "\(failed)")
      #expect(error?["line"] == 3 && error?["column"] == 2 && error?["field"]?.stringValue == header[1])
      #expect(error?["description"]?.stringValue?.hasPrefix("broken.csv:3: column 2") == true, "\(failed)")
      let after = try await client.call(.get, "/api/v1/periods", as: .vic, server: server).text
      #expect(!after.contains("\"broken\""))

      for (member, body, status) in [
        (TeamMember.vic, ["upload": id, "spec": "x"], HTTPResponse.Status.forbidden),
        (.cam, ["upload": id, "spec": "x"], .forbidden),
        (.ana, ["upload": id], .badRequest),
        (.ana, ["upload": "0123456789abcdef", "spec": "x"], .notFound),
        (.ana, ["upload": id, "spec": "x", "delimiter": "ab"], .badRequest),
      ] as [(TeamMember, [String: String], HTTPResponse.Status)] {
        let refused = try await client.call(.post, path, as: member, server: server, body: try Self.body(body))
        #expect(refused.status == status, "\(member) \(body): \(refused.text.prefix(300))")
      }
    }
  }
}
