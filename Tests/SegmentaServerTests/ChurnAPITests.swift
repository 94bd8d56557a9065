import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaServer

/// The churn routes on a copy of the demo workspace (whose demo stored a gradient-boosted model as version 1).
@Suite("API: churn fit (a job), model and score")
struct ChurnAPITests {
  /// The churn routes and the permission each requires.
  static let routes: [(method: HTTPRequest.Method, path: String, permission: Permission)] = [
    (.post, "/api/v1/churn/fit", .segment), (.get, "/api/v1/churn/model", .readDashboards),
    (.post, "/api/v1/churn/score", .segment),
  ]

  @Test("the routes require segment, read_dashboards and segment; every role gets 403 or an answer accordingly")
  func permissionsPerRole() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      for route in Self.routes {
        let registered = state.routes.all.first { $0.method == route.method && $0.path == route.path }
        #expect(registered?.access == .permission(route.permission), "\(route.path)")
      }
      for member in TeamMember.allCases {
        let allowed = member.role.allows(.segment)
        // A form that fails validation: allowed roles hear why, the others are refused before.
        let fit = try await client.call(
          .post, "/api/v1/churn/fit", as: member, server: server, body: #"{"label":"churned","folds":1}"#)
        #expect(fit.status == (allowed ? .badRequest : .forbidden), "fit as \(member.role): \(fit.status)")
        if allowed { #expect(try fit.json()["error"]?["field"] == "folds") }
        let model = try await client.call(.get, "/api/v1/churn/model", as: member, server: server)
        #expect(
          model.status == (member.role.allows(.readDashboards) ? .ok : .forbidden),
          "model as \(member.role): \(model.status)")
        let score = try await client.call(.post, "/api/v1/churn/score", as: member, server: server)
        #expect(score.status == (allowed ? .ok : .forbidden), "score as \(member.role): \(score.status)")
        if !allowed { #expect(try score.json()["error"]?["code"] == "forbidden") }
      }
      let anonymous = try await client.call(.get, "/api/v1/churn/model", as: nil, server: server)
      #expect(anonymous.status == .unauthorized)
    }
  }

  @Test("a fit job completes; its model is readable, conforms to the document and matches the job's result")
  func fitJobThenModel() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let demo = try await client.call(.get, "/api/v1/churn/model", as: .vic, server: server)
      #expect(document.problems(demo, .get, "/api/v1/churn/model") == [])
      #expect(try demo.json()["version"] == 1 && demo.json()["model"] == "gbt")

      let started = try await client.call(
        .post, "/api/v1/churn/fit", as: .ana, server: server,
        body: #"{"label":"churned","model":"logistic","folds":3,"seed":7,"permutation_repeats":2}"#)
      #expect(started.status == .accepted)
      #expect(document.problems(started, .post, "/api/v1/churn/fit") == [])
      let jobID = Int(try #require(try started.json()["id"]?.numberValue))
      #expect(started.headers[.location] == "/api/v1/jobs/\(jobID)")
      var job = try await client.call(.get, "/api/v1/jobs/\(jobID)", as: .ana, server: server).json()
      for _ in 0..<1_200 where !["succeeded", "failed", "cancelled"].contains(job["status"]?.stringValue ?? "") {
        try await Task.sleep(for: .milliseconds(100))
        job = try await client.call(.get, "/api/v1/jobs/\(jobID)", as: .ana, server: server).json()
      }
      #expect(job["status"] == "succeeded", "\(job)")
      #expect(job["kind"] == "churn_fit")
      let result = try #require(job["result"])
      #expect(result["version"] == 2 && result["model"] == "logistic" && result["folds"] == 3)
      #expect(result["customers"] == 1500)

      let latest = try await client.call(.get, "/api/v1/churn/model", as: .vic, server: server)
      #expect(latest.status == .ok)
      #expect(document.problems(latest, .get, "/api/v1/churn/model") == [])
      let model = try latest.json()
      #expect(model["version"] == 2 && model["model"] == "logistic" && model["folds"] == 3 && model["seed"] == 7)
      let auc = try #require(model["auc"]?.numberValue)
      #expect(auc == result["auc"]?.numberValue && auc > 0.6 && auc < 1)
      let folds = (model["fold_aucs"]?.elements ?? []).compactMap(\.numberValue)
      #expect(folds.count == 3 && abs(folds.reduce(0, +) / 3 - auc) < 1e-12)
      // Permutation importance was asked for: the AUC drop per feature, stored with the model.
      #expect(
        model["importance_kind"]?.stringValue?.contains("permutation") == true, "\(model["importance_kind"] ?? .null)")
      #expect((model["importance"]?.elements ?? []).count > 0)
      let gains = model["gains"]?.elements ?? []
      #expect(gains.count == 10 && gains.compactMap { $0["customers"]?.numberValue }.reduce(0, +) == 1500)
      // An older version stays readable; an unknown one is 404, a bad one 400.
      let first = try await client.call(.get, "/api/v1/churn/model?version=1", as: .vic, server: server)
      #expect(try first.json()["model"] == "gbt")
      let missing = try await client.call(.get, "/api/v1/churn/model?version=99", as: .vic, server: server)
      #expect(missing.status == .notFound)
      let bad = try await client.call(.get, "/api/v1/churn/model?version=x", as: .vic, server: server)
      #expect(bad.status == .badRequest)
    }
  }

  @Test("fit forms are checked before a job is queued, naming the field")
  func fitRefusals() async throws {
    let server = try APIServer()
    try await server.test { client, _ in
      for (body, field) in [
        (#"{"model":"gbt"}"#, "label"), (#"{"label":"churned","inactive_days":5}"#, "label"),
        (#"{"inactive_days":0}"#, "inactive_days"), (#"{"label":"churned","features":" , "}"#, "features"),
        (#"{"label":"churned","folds":21}"#, "folds"), (#"{"label":""}"#, "label"),
        (#"{"label":"churned","permutation_repeats":101}"#, "permutation_repeats"),
      ] {
        let response = try await client.call(.post, "/api/v1/churn/fit", as: .ana, server: server, body: body)
        #expect(response.status == .badRequest, "\(body): \(response.status)")
        #expect(try response.json()["error"]?["field"]?.stringValue == field, "\(body): \(response.text)")
      }
      let model = try await client.call(
        .post, "/api/v1/churn/fit", as: .ana, server: server, body: #"{"label":"churned","model":"forest"}"#)
      #expect(model.status == .badRequest)
      let jobs = try await client.call(.get, "/api/v1/jobs", as: .ana, server: server).json()
      #expect(jobs["total"] == 0)
    }
  }

  @Test("score stores churn_score and churn_risk: a rule on the score and on the band count the same customers")
  func scoreAgreesWithRules() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let scored = try await client.call(.post, "/api/v1/churn/score", as: .ana, server: server)
      #expect(scored.status == .ok)
      #expect(document.problems(scored, .post, "/api/v1/churn/score") == [])
      let body = try scored.json()
      #expect(body["customers"] == 1500 && body["model_version"] == 1 && body["column"] == "churn_score")
      let high = try #require(body["bands"]?["high"]?.numberValue)
      let medium = try #require(body["bands"]?["medium"]?.numberValue)
      let low = try #require(body["bands"]?["low"]?.numberValue)
      #expect(high + medium + low == 1500 && high > 0)
      func matches(_ rule: String) async throws -> Double? {
        let body = try APIRoutesTests.json(["rule": rule, "count": "true"]).replacingOccurrences(
          of: #""true""#, with: "true")
        let response = try await client.call(.post, "/api/v1/rules/check", as: .vic, server: server, body: body)
        return try response.json()["matches"]?.numberValue
      }
      #expect(try await matches("churn_score >= 0.5") == high)
      #expect(try await matches(#"segment(churn_risk) = "high""#) == high)
      #expect(try await matches(#"segment(churn_risk) = "low""#) == low)
    }
  }
}
