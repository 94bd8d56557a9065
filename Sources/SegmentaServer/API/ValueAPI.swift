import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// Customer value: the value table built from an uploaded transaction file (a job), RFM, Pareto tiers,
/// lifetime value, the report and the stored summaries.
enum ValueAPI {
  /// A value-table build of an upload.
  struct BuildForm: Decodable {
    /// The upload holding the transaction CSV (customer, date, amount).
    var upload: String
    var customerColumn: String?
    var dateColumn: String?
    var amountColumn: String?
    var asOf: String?
    var calibrationEnd: String?
    var timeUnit: ValueTimeUnit?
    var delimiter: String?
  }

  /// RFM scoring.
  struct RFMForm: Decodable {
    var bins: Int?
    /// An edited grid as YAML text (`segmenta value grid`).
    var grid: String?
    var name: String?
  }

  /// Pareto analysis and value tiers.
  struct ParetoForm: Decodable {
    var column: String
    /// Tiers' shares of value in percent, highest first, summing to 100.
    var tiers: [Double]?
    var name: String?
    /// A rule choosing the customers ranked and tiered (the others get no tier).
    var `where`: String?
  }

  /// Lifetime value.
  struct LifetimeForm: Decodable {
    var horizon: Int?
    var discount: Double?
  }

  /// Lifecycle stages between two periods.
  struct LifecycleForm: Decodable {
    var tenure: String
    var usage: String
    var from: String
    var to: String
    var newTenure: Double?
    var change: Double?
    var lapsedAtMost: Double?
  }

  static func register(_ routes: Routes, state: ServerState) {
    let limit = state.configuration.maxBodyBytes
    routes.add(
      .post, "/api/v1/jobs/build-value", .buildFeatures,
      "Build the value table (per-customer transaction summaries) from an uploaded transaction file (a job)."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(BuildForm.self, limit: limit)
      let upload = try state.uploads.upload(form.upload)
      var job = BuildValueRequest(path: try state.uploads.path(of: form.upload), fileName: upload.name)
      if let column = try APIInput.checked(form.customerColumn, field: "customer_column") {
        job.customerColumn = column
      }
      if let column = try APIInput.checked(form.dateColumn, field: "date_column") { job.dateColumn = column }
      if let column = try APIInput.checked(form.amountColumn, field: "amount_column") { job.amountColumn = column }
      job.asOf = try APIInput.checked(form.asOf, field: "as_of").flatMap { $0.isEmpty ? nil : $0 }
      job.calibrationEnd = try APIInput.checked(form.calibrationEnd, field: "calibration_end").flatMap {
        $0.isEmpty ? nil : $0
      }
      if let unit = form.timeUnit { job.timeUnit = unit }
      if let delimiter = form.delimiter { job.delimiter = delimiter }
      return try await JobsAPI.submit(.buildValue(job), request: request, caller: caller, state: state)
    }
    routes.add(
      .post, "/api/v1/value/rfm", .segment,
      "Score recency, frequency and monetary value (1–5) and store the RFM grid's segments as a segmentation."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSONIfPresent(RFMForm.self, limit: limit) ?? RFMForm()
      var gridPath: String?
      if let text = form.grid {
        gridPath = try await state.uploads.saveText(text, name: "rfm-grid.yaml", user: caller.user.name).path
      }
      let workflow = RFMWorkflow(
        bins: form.bins ?? 5, gridPath: gridPath, name: try APIInput.checked(form.name, field: "name") ?? "rfm")
      return JSONBody.response(try await state.write(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/value/pareto", .segment,
      "The 80/20 line, Lorenz curve and Gini of a value column; value tiers by cumulative share stored as a segmentation "
        + "(only the customers a `where` rule selects, when given)."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(ParetoForm.self, limit: limit)
      let rule = form.where.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
      guard (rule?.count ?? 0) <= RulesAPI.maximumRuleLength else {
        throw SegmentaError(
          .invalidRequest, "a rule has at most \(RulesAPI.maximumRuleLength) characters", field: "where")
      }
      let workflow = ParetoWorkflow(
        column: try APIInput.checkedText(form.column, field: "column"), tiers: form.tiers ?? [80, 15, 5],
        name: try APIInput.checked(form.name, field: "name") ?? "value_tier", rule: rule)
      return JSONBody.response(try await state.write(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/value/clv", .segment,
      "Fit BG/NBD and Gamma-Gamma; store P(alive), expected purchases and spend and the discounted CLV per customer."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSONIfPresent(LifetimeForm.self, limit: limit) ?? LifetimeForm()
      let workflow = LifetimeValueWorkflow(horizon: form.horizon ?? 12, discount: form.discount ?? 0.01)
      return JSONBody.response(try await state.write(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .get, "/api/v1/value/retention", .readDashboards,
      "Two or three segmentations crossed (`by`, default value_tier,churn_risk): customers, the `value` summed "
        + "(default clv_12m), the value at risk with `churn` (default churn_score) and `kpis` means, riskiest first."
    ) { request, _, caller in
      let value = try request.queryText("value") ?? "clv_12m"
      let churn = try request.queryText("churn") ?? "churn_score"
      let workflow = RetentionWorkflow(
        dimensions: try request.queryText("by").map { text throws(SegmentaError) in
          try NameList.parse(text, option: "by")
        } ?? ["value_tier", "churn_risk"],
        value: value == "none" ? nil : value, churn: churn == "none" ? nil : churn,
        kpis: try NameList.parse(try request.queryText("kpis") ?? "", option: "kpis"))
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/value/lifecycle", .editTags,
      "Lifecycle stages from tenure and the change of a usage feature between two periods, stored as the "
        + "segmentation lifecycle and defined as the tags lifecycle_new … lifecycle_lapsed."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(LifecycleForm.self, limit: limit)
      let workflow = LifecycleWorkflow(
        tenure: try APIInput.checkedText(form.tenure, field: "tenure"),
        usage: try APIInput.checkedText(form.usage, field: "usage"),
        previousPeriod: try APIInput.checkedText(form.from, field: "from"),
        currentPeriod: try APIInput.checkedText(form.to, field: "to"),
        rule: LifecycleRule(
          newTenure: form.newTenure ?? 3, change: form.change ?? 0.2, lapsedAtMost: form.lapsedAtMost ?? 0))
      return JSONBody.response(try await state.write(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .get, "/api/v1/value/report", .readDashboards,
      "The value report: the table, the latest Pareto, RFM and lifetime-value results (as `value report --format json`)."
    ) { request, _, caller in
      let output = try await state.read(
        ValueReportWorkflow(format: .json), caller: caller, command: request.auditCommand)
      return JSONBody.response(output.report)
    }
    routes.add(
      .get, "/api/v1/value/summaries", .readDashboards,
      "A page of the value table (`offset`, `limit`, `sort` by a column, highest first): customer id and every column; "
        + "never personal data."
    ) { request, _, caller in
      let paging = try Paging(request)
      let workflow = ValueSummariesWorkflow(
        offset: paging.offset, limit: paging.limit, sort: try request.queryText("sort"))
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
  }
}
