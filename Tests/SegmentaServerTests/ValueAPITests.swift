import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaServer

@Suite("API: customer value (build job, RFM, Pareto, CLV, report, summaries)")
struct ValueAPITests {
  @Test("the demo's value report and summaries: stored results, sorted pages, conforming to the document")
  func reportAndSummaries() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let report = try await client.call(.get, "/api/v1/value/report", as: .vic, server: server)
      #expect(report.status == .ok && document.problems(report, .get, "/api/v1/value/report") == [])
      let body = try report.json()
      #expect(body["table"]?["customers"] == 1_500 && body["table"]?["time_unit"] == "days")
      #expect(body["pareto"]?["column"] == "total_value" && body["rfm"] == nil)
      let share = try #require(body["pareto"]?["analysis"]?["top_fifth_share"]?.numberValue)
      #expect(share > 0.5 && share < 0.9)
      #expect(body["lifetime"]?["parameters"]?["alpha"]?.numberValue ?? 0 > 0)

      let page = try await client.call(.get, "/api/v1/value/summaries?limit=5&sort=clv_12m", as: .vic, server: server)
      #expect(page.status == .ok && document.problems(page, .get, "/api/v1/value/summaries") == [])
      let summaries = try page.json()
      #expect(summaries["total"] == 1_500 && summaries["sort"] == "clv_12m")
      let columns = (summaries["columns"]?.elements ?? []).compactMap(\.stringValue)
      #expect(Array(columns.prefix(3)) == ["frequency", "recency", "T"] && !columns.contains("first_purchase"))
      let clvIndex = try #require(columns.firstIndex(of: "clv_12m"))
      let items = summaries["items"]?.elements ?? []
      #expect(items.count == 5)
      let clv = items.compactMap { $0["values"]?.elements[clvIndex].numberValue }
      #expect(clv.count == 5 && clv == clv.sorted(by: >))
      // Ids and dates only; no contact of any customer.
      let text = page.text
      let personal = server.fixture.personalValues
      #expect(!(personal.phones + personal.emails).contains { text.contains($0) })
      #expect(items.allSatisfy { $0["customer_id"]?.stringValue?.hasPrefix("C") == true && $0["last_purchase"] != nil })

      let bad = try await client.call(.get, "/api/v1/value/summaries?sort=nope", as: .vic, server: server)
      #expect(bad.status == .notFound && document.problems(bad, .get, "/api/v1/value/summaries") == [])
      let sortField = try bad.json()["error"]?["field"]
      #expect(sortField == "sort")
    }
  }

  @Test("rfm, pareto and clv run for an analyst and store their results; bad input answers 400 or 404")
  func models() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let rfm = try await client.call(.post, "/api/v1/value/rfm", as: .ana, server: server, body: #"{"bins":4}"#)
      #expect(rfm.status == .ok && document.problems(rfm, .post, "/api/v1/value/rfm") == [])
      let scored = try rfm.json()
      #expect(scored["bins"] == 4 && scored["customers"] == 1_500 && scored["segmentation"] == "rfm")
      let segments = scored["segments"]?.elements ?? []
      #expect(segments.count == 10 && segments.compactMap { $0["customers"]?.numberValue }.reduce(0, +) == 1_500)
      let grid = try await client.call(
        .post, "/api/v1/value/rfm", as: .ana, server: server,
        body: #"{"grid":"cells:\n  - name: x\n    r: [9, 9]\n"}"#)
      #expect(grid.status == .badRequest || grid.status == .unprocessableContent, "\(grid.text.prefix(300))")

      let pareto = try await client.call(
        .post, "/api/v1/value/pareto", as: .ana, server: server, body: #"{"column":"clv_12m","tiers":[70,30]}"#)
      #expect(pareto.status == .ok && document.problems(pareto, .post, "/api/v1/value/pareto") == [])
      let tiers = try pareto.json()["tiers"]?.elements ?? []
      #expect(tiers.count == 2 && tiers.compactMap { $0["customers"]?.numberValue }.reduce(0, +) <= 1_500)
      let unknown = try await client.call(
        .post, "/api/v1/value/pareto", as: .ana, server: server, body: #"{"column":"nope"}"#)
      #expect(unknown.status == .notFound && document.problems(unknown, .post, "/api/v1/value/pareto") == [])
      let sums = try await client.call(
        .post, "/api/v1/value/pareto", as: .ana, server: server, body: #"{"column":"total_value","tiers":[80,30]}"#)
      #expect(sums.status == .badRequest)

      let clv = try await client.call(.post, "/api/v1/value/clv", as: .ana, server: server, body: #"{"horizon":6}"#)
      #expect(clv.status == .ok && document.problems(clv, .post, "/api/v1/value/clv") == [])
      let fitted = try clv.json()
      #expect(fitted["column"] == "clv_6m" && fitted["bgnbd"]?["converged"] == true)
      let horizon = try await client.call(.post, "/api/v1/value/clv", as: .ana, server: server, body: #"{"horizon":0}"#)
      #expect(horizon.status == .badRequest && document.problems(horizon, .post, "/api/v1/value/clv") == [])

      // The report now has the RFM grid; a viewer may read it but not run the models.
      let report = try await client.call(.get, "/api/v1/value/report", as: .vic, server: server).json()
      #expect(report["rfm"]?["bins"] == 4 && report["pareto"]?["column"] == "clv_12m")
      let refused = try await client.call(.post, "/api/v1/value/rfm", as: .vic, server: server, body: "{}")
      #expect(refused.status == .forbidden)
    }
  }

  @Test("pareto with where tiers only the customers the rule selects; a bad rule answers 422 with its position")
  func paretoWhere() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let rule = #"brand = \"全球通\""#
      let brand = try await client.call(
        .post, "/api/v1/rules/check", as: .ana, server: server, body: #"{"rule":"\#(rule)","count":true}"#
      ).json()
      let selected = try #require(brand["matches"]?.numberValue)
      let pareto = try await client.call(
        .post, "/api/v1/value/pareto", as: .ana, server: server,
        body: #"{"column":"total_value","where":"\#(rule)","name":"gotone_value_tier"}"#)
      #expect(pareto.status == .ok && document.problems(pareto, .post, "/api/v1/value/pareto") == [])
      let output = try pareto.json()
      #expect(output["rule"] == #"brand = "全球通""# && output["customers_in_scope"]?.numberValue == selected)
      let customers = try #require(output["analysis"]?["customers"]?.numberValue)
      let tiers = output["tiers"]?.elements.compactMap { $0["customers"]?.numberValue } ?? []
      #expect(customers > 0 && customers <= selected && tiers.reduce(0, +) == customers)
      // Every tiered customer is of the brand.
      let outside = try await client.call(
        .post, "/api/v1/rules/check", as: .ana, server: server,
        body: #"{"rule":"segment(gotone_value_tier) in [1, 2, 3] and not \#(rule)","count":true}"#
      ).json()
      #expect(outside["matches"] == 0)
      let report = try await client.call(.get, "/api/v1/value/report", as: .vic, server: server)
      #expect(try report.json()["pareto"]?["rule"] == #"brand = "全球通""#)
      #expect(document.problems(report, .get, "/api/v1/value/report") == [])

      let bad = try await client.call(
        .post, "/api/v1/value/pareto", as: .ana, server: server,
        body: #"{"column":"total_value","where":"brand = \"全球通\" and brnd = 1","name":"bad_tier"}"#)
      #expect(bad.status == .unprocessableContent && document.problems(bad, .post, "/api/v1/value/pareto") == [])
      let error = try bad.json()["error"]
      #expect(error?["code"] == "invalid_rule" && error?["field"] == "where" && error?["position"] == 18)
      let names = try await client.call(.get, "/api/v1/segmentations", as: .vic, server: server).text
      #expect(!names.contains("bad_tier"))
    }
  }

  @Test("an uploaded transaction file builds the value table as a job; a bad row fails it by line and column")
  func buildJob() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let good = """
        customer_id,date,amount
        C0000001,2024-01-02,10
        C0000001,2024-01-20,30
        C0000002,2024-01-05,5
        C0000003,2024-02-01,7.5
        X9,2024-02-02,1

        """
      let upload = try await client.call(.post, "/api/v1/uploads?name=t.csv", as: .ana, server: server, body: good)
      let id = try #require(try upload.json()["id"]?.stringValue)
      let started = try await client.call(
        .post, "/api/v1/jobs/build-value", as: .ana, server: server,
        body: #"{"upload":"\#(id)","time_unit":"weeks","as_of":"2024-03-31"}"#)
      #expect(started.status == .accepted && document.problems(started, .post, "/api/v1/jobs/build-value") == [])
      let job = try await finishedJob(
        String(Int(try #require(try started.json()["id"]?.numberValue))), client: client, server: server)
      #expect(job["status"] == "succeeded" && job["kind"] == "build_value", "\(job)")
      #expect(job["result"]?["table"]?["customers"] == 3 && job["result"]?["table"]?["unknown_customer_rows"] == 1)
      let report = try await client.call(.get, "/api/v1/value/report", as: .vic, server: server).json()
      #expect(report["table"]?["customers"] == 3 && report["table"]?["time_unit"] == "weeks")
      #expect(report["table"]?["as_of"] == "2024-03-31")

      let badText = "customer_id,date,amount\nC0000001,2024-01-02,10\nC0000002,2024-01-05,five\n"
      let badUpload = try await client.call(
        .post, "/api/v1/uploads?name=bad.csv", as: .ana, server: server, body: badText)
      let badID = try #require(try badUpload.json()["id"]?.stringValue)
      let failing = try await client.call(
        .post, "/api/v1/jobs/build-value", as: .ana, server: server, body: #"{"upload":"\#(badID)"}"#)
      #expect(failing.status == .accepted)
      let failed = try await finishedJob(
        String(Int(try #require(try failing.json()["id"]?.numberValue))), client: client, server: server)
      #expect(failed["status"] == "failed")
      #expect(failed["error"]?["line"] == 3 && failed["error"]?["column"] == 3, "\(failed)")
      let unchanged = try await client.call(.get, "/api/v1/value/report", as: .vic, server: server).json()
      #expect(unchanged["table"]?["customers"] == 3)

      let badDate = try await client.call(
        .post, "/api/v1/jobs/build-value", as: .ana, server: server, body: #"{"upload":"\#(id)","as_of":"2024-13-01"}"#)
      let badField = try badDate.json()["error"]?["field"]
      #expect(badDate.status == .badRequest && badField == "as_of")
      let viewer = try await client.call(
        .post, "/api/v1/jobs/build-value", as: .vic, server: server, body: #"{"upload":"\#(id)"}"#)
      #expect(viewer.status == .forbidden)
    }
  }

  @Test("retention crosses segmentations with value and KPIs; lifecycle refusals name the field; roles are enforced")
  func retentionAndLifecycle() async throws {
    let server = try APIServer()
    try await server.test { client, state in
      let document = APIDocument(state)
      let crossed = try await client.call(
        .get, "/api/v1/value/retention?by=demo,value_tier&value=total_value&churn=none&kpis=arpu", as: .vic,
        server: server)
      #expect(crossed.status == .ok && document.problems(crossed, .get, "/api/v1/value/retention") == [])
      let table = try crossed.json()["table"]
      let cells = table?["cells"]?.elements ?? []
      let customers = cells.compactMap { $0["customers"]?.numberValue }.reduce(0, +)
      #expect(!cells.isEmpty && table?["customers"]?.numberValue == customers && customers <= 1_500)
      #expect(cells.allSatisfy { $0["kpis"]?.elements.count == 1 && $0["value_at_risk"] == nil })
      let values = cells.compactMap { $0["value"]?.numberValue }
      #expect(values == values.sorted(by: >))
      let single = try await client.call(.get, "/api/v1/value/retention?by=demo", as: .vic, server: server)
      #expect(single.status == .badRequest && single.text.contains("dimensions"))
      let missing = try await client.call(.get, "/api/v1/value/retention", as: .vic, server: server)
      #expect(missing.status == .notFound && missing.text.contains("churn score"))
      let frontline = try await client.call(
        .get, "/api/v1/value/retention?by=demo,value_tier", as: .fay, server: server)
      #expect(frontline.status == .forbidden)

      let same = try await client.call(
        .post, "/api/v1/value/lifecycle", as: .ana, server: server,
        body: #"{"tenure":"tenure_months","usage":"total_call_minutes","from":"2024Q1","to":"2024Q1"}"#)
      #expect(same.status == .badRequest && document.problems(same, .post, "/api/v1/value/lifecycle") == [])
      let unknown = try await client.call(
        .post, "/api/v1/value/lifecycle", as: .ana, server: server,
        body: #"{"tenure":"tenure_months","usage":"total_call_minutes","from":"2023Q4","to":"2024Q1"}"#)
      #expect(unknown.status == .notFound && unknown.text.contains("2023Q4"))
      let viewer = try await client.call(
        .post, "/api/v1/value/lifecycle", as: .vic, server: server,
        body: #"{"tenure":"tenure_months","usage":"total_call_minutes","from":"2023Q4","to":"2024Q1"}"#)
      #expect(viewer.status == .forbidden)
    }
  }
}
