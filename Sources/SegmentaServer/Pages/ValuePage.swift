import Foundation
import HTTPTypes
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `/value`: customer value: the 80/20 line and Lorenz curve, the RFM grid heatmap, the lifetime-value
/// parameters and the P(alive) matrix of the latest value table, the retention matrix (value tier ×
/// churn band) and the lifecycle stages; forms to run RFM, Pareto tiers, CLV and lifecycle stages, and
/// to build the value table from an uploaded transaction file (a job).
enum ValuePage {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .get, "/value", .readDashboards, kind: .page,
      "Customer value: 80/20 line, Lorenz curve, RFM grid, CLV parameters, P(alive) matrix, retention matrix, "
        + "lifecycle stages; run RFM, Pareto, CLV, lifecycle."
    ) { request, _, caller in
      let done = request.query("done")
      let notice: HTML =
        switch done {
        case "rfm": Layout.notice("RFM scores stored; the segments are the segmentation shown in the grid below.")
        case "pareto": Layout.notice("Value tiers stored as a segmentation.")
        case "clv": Layout.notice("Lifetime value stored per customer.")
        case "lifecycle":
          Layout.notice(
            "Lifecycle stages stored as the segmentation lifecycle, and the tags lifecycle_new … lifecycle_lapsed "
              + "defined (applying tags computes them).")
        default: .empty
        }
      return try await page(state: state, caller: caller, command: request.auditCommand, top: notice)
    }
    routes.add(
      .post, "/value/rfm", .segment, kind: .page, "Score RFM (form field `bins`) and store segmentation 'rfm'."
    ) { request, context, caller in
      let bins = Int(context.form["bins"] ?? "") ?? 5
      return try await run(RFMWorkflow(bins: bins), done: "rfm", state: state, caller: caller, request: request)
    }
    routes.add(
      .post, "/value/pareto", .segment, kind: .page,
      "Pareto analysis and value tiers of a column (form fields `column`, `tiers` as 80,15,5, optional `where` rule "
        + "and segmentation `name`)."
    ) { request, context, caller in
      let column = context.form["column"] ?? ""
      let text = context.form["tiers"].flatMap { $0.isEmpty ? nil : $0 } ?? "80,15,5"
      let tiers = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) ?? .nan }
      let workflow = ParetoWorkflow(
        column: column, tiers: tiers, name: filled(context.form["name"]) ?? "value_tier",
        rule: filled(context.form["where"]))
      return try await run(workflow, done: "pareto", state: state, caller: caller, request: request)
    }
    routes.add(
      .post, "/value/clv", .segment, kind: .page,
      "Fit BG/NBD and Gamma-Gamma and store CLV (form fields `horizon` in months, `discount` a month)."
    ) { request, context, caller in
      let horizon = Int(context.form["horizon"] ?? "") ?? 12
      let discount = Double(context.form["discount"] ?? "") ?? 0.01
      return try await run(
        LifetimeValueWorkflow(horizon: horizon, discount: discount), done: "clv", state: state, caller: caller,
        request: request)
    }
    routes.add(
      .post, "/value/lifecycle", .editTags, kind: .page,
      "Lifecycle stages (form fields `tenure`, `usage`, periods `from` and `to`, `new_tenure`, `change`, "
        + "`lapsed_at_most`) stored as segmentation 'lifecycle' and the tags lifecycle_new … lifecycle_lapsed."
    ) { request, context, caller in
      let form = context.form
      func number(_ field: String, _ otherwise: Double) -> Double {
        filled(form[field]).map { Double($0.trimmingCharacters(in: .whitespaces)) ?? .nan } ?? otherwise
      }
      let workflow = LifecycleWorkflow(
        tenure: form["tenure"] ?? "", usage: form["usage"] ?? "", previousPeriod: form["from"] ?? "",
        currentPeriod: form["to"] ?? "",
        rule: LifecycleRule(
          newTenure: number("new_tenure", 3), change: number("change", 0.2),
          lapsedAtMost: number("lapsed_at_most", 0)))
      return try await run(workflow, done: "lifecycle", state: state, caller: caller, request: request)
    }
  }

  /// A form field's text, nil when it is missing or blank.
  static func filled(_ text: String?) -> String? {
    guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
    return text
  }

  /// Runs a form's workflow: back to the page with `done` on success, the page with the error otherwise.
  static func run<W: Workflow>(
    _ workflow: W, done: String, state: ServerState, caller: Caller, request: Request
  ) async throws -> Response {
    let failure: SegmentaError
    do {
      _ = try await state.write(workflow, caller: caller, command: request.auditCommand)
      return PageResponse.redirect("/value?done=\(done)")
    } catch {
      failure = error
    }
    guard
      [.invalidRequest, .notFound, .insufficientData, .missingPrerequisite, .invalidSpec, .invalidRule].contains(
        failure.code)
    else { throw failure }
    // A rule's error shows the rule with a caret under the mistake, as the rule editor does.
    let notice: HTML =
      failure.code == .invalidRule
      ? "<div class=\"notice error\" role=\"alert\" id=\"value-error\"><pre class=\"rule-error\">\(failure.description)</pre></div>"
      : Layout.notice(failure.description, kind: "error")
    return try await page(
      state: state, caller: caller, command: request.auditCommand, top: notice, status: .unprocessableContent)
  }

  /// The value report, or nil before the first value table is built.
  static func reportIfBuilt(state: ServerState, caller: Caller, command: String) async throws -> ValueReport? {
    do {
      return try await state.read(ValueReportWorkflow(format: .json), caller: caller, command: command).report
    } catch {
      guard error.code == .missingPrerequisite || error.code == .notFound else { throw error }
      return nil
    }
  }

  /// The page, with `top` (a notice) above the results.
  static func page(
    state: ServerState, caller: Caller, command: String, top: HTML, status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    var html: HTML = "<h1>价值 Value</h1>\n\(top)"
    let report = try await reportIfBuilt(state: state, caller: caller, command: command)
    var columns: [String] = []
    if let report {
      columns = try await state.read(ValueSummariesWorkflow(limit: 1), caller: caller, command: command).columns
      html += results(report)
    } else {
      html += "<p class=\"empty\" id=\"value-empty\">No value table yet: build one from a transaction file.</p>\n"
    }
    let segmentations = Set(
      try await state.read(ListSegmentationsWorkflow(latestOnly: true), caller: caller, command: command).map(\.name))
    var retention = report?.retention
    if retention == nil, report == nil, segmentations.isSuperset(of: ["value_tier", "churn_risk"]) {
      // Without a value table the matrix counts customers only.
      retention = try await state.read(
        RetentionWorkflow(value: nil, churn: nil), caller: caller, command: command
      ).table
    }
    html += retentionSection(
      retention, value: report.flatMap { $0.lifetime?.column ?? $0.pareto?.column }, segmentations: segmentations)
    let stages = try await state.read(LifecycleStagesWorkflow(), caller: caller, command: command)
    let periods = try await state.read(ListPeriodsWorkflow(), caller: caller, command: command)
    html += lifecycleSection(stages, periods: periods, caller: caller)
    if report != nil, caller.role.allows(.segment) { html += forms(caller, columns: columns) }
    if caller.role.allows(.buildFeatures) { html += buildSection() }
    return PageResponse.page("Value", area: .value, caller: caller, status: status, html)
  }

  /// The value table, the 80/20 line and the stored results, as the value report draws them.
  static func results(_ report: ValueReport) -> HTML {
    let table = report.table
    var html: HTML = """
      <p class="summary" id="value-table">Value table \(table.label): \(Show.count(table.customers)) customers, \(Show.count(table.transactions)) transactions, as of \(table.asOf), in \(table.timeUnit.rawValue)\(table.calibrationEnd.map { ", calibration to \($0)" } ?? "")</p>

      """
    if let pareto = report.pareto {
      let a = pareto.analysis
      html += """
        <p class="lead" id="value-8020">80/20 of <code>\(pareto.column)</code>: the top 20 % of customers bring <b>\(Show.percent(a.topFifthShare))</b> of the value; \(Show.percent(a.customersForFourFifths)) of customers bring 80 % (Gini \(Show.fixed(a.gini))).</p>

        """
    } else {
      html += "<p class=\"empty\" id=\"value-8020\">No Pareto analysis yet.</p>\n"
    }
    if let lifetime = report.lifetime {
      html += """
        <p class="summary" id="value-clv">Mean \(lifetime.column) \(Show.number(lifetime.meanClv)), total \(Show.number(lifetime.totalClv)); mean P(alive) \(Show.fixed(lifetime.meanProbabilityAlive))</p>

        """
    }
    // The retention matrix has a section of its own below.
    var shown = report
    shown.retention = nil
    html +=
      "<section id=\"value-report\">\(Layout.scroll(HTML(raw: ValueReportRenderer.fragments(shown))))</section>\n"
    return html
  }

  /// The retention matrix (value tier × churn-risk band), riskiest cells first, or what to run first.
  static func retentionSection(_ table: CrossTable?, value: String?, segmentations: Set<String>) -> HTML {
    var html: HTML = """
      <section id="value-retention"><h2>挽留矩阵 Retention matrix</h2>
      <p class="hint">Value tiers crossed with churn-risk bands: who to save first. Value at risk = Σ value × churn probability over a cell's customers.</p>

      """
    guard let table else {
      let missing: HTML =
        !segmentations.contains("value_tier")
        ? "No value tiers yet: run Pareto tiers first (the form below, or <code>segmenta value pareto --column total_value</code>)."
        : "Churn has not been scored yet: fit a churn model and score every customer on the <a href=\"/churn\">Churn page</a> first (<code>segmenta churn score</code>)."
      return html + "<p class=\"empty\" id=\"retention-empty\">\(missing)</p>\n</section>\n"
    }
    let atRisk = table.cells.compactMap(\.valueAtRisk).reduce(0, +)
    let hasValue = table.cells.contains { $0.value != nil }
    html += """
      <p class="summary" id="retention-summary">\(Show.count(table.customers)) customers in \(table.cells.count) cells\(hasValue ? ", value at risk \(Show.number(atRisk))" : "")</p>

      """
    html += Layout.table(
      table.dimensions.map(\.name) + ["customers", value.map { "value (\($0))" } ?? "value", "value at risk"],
      table.cells.map { cell in
        cell.labels.map { "\($0)" as HTML } + [
          "\(Show.count(cell.customers))", "\(Show.number(cell.value))", "\(Show.number(cell.valueAtRisk))",
        ]
      }, numeric: Set(table.dimensions.count..<(table.dimensions.count + 3)), id: "retention-cells")
    return html + "</section>\n"
  }

  /// The stored lifecycle stages, and the form that computes them.
  static func lifecycleSection(_ stored: LifecycleStagesWorkflow.Stages?, periods: [PeriodInfo], caller: Caller)
    -> HTML
  {
    var html: HTML = "<section id=\"value-lifecycle\"><h2>生命周期 Lifecycle stages</h2>\n"
    if let stored {
      html += """
        <p class="summary" id="lifecycle-summary">Segmentation \(stored.segmentation) v\(stored.version), made \(stored.createdAt): \(Show.count(stored.customers)) customers, \(Show.count(stored.customers - stored.unknown)) with a stage</p>

        """
      let rows = stored.stages.map { stage -> [HTML] in
        [
          "\(Show.label(stage.label))", "\(Show.count(stage.customers))", "\(Show.percent(stage.share))",
          "<code>\(stage.tag)</code>",
        ]
      }
      let unknown: [HTML] = ["no stage (usage missing in a period)", "\(Show.count(stored.unknown))", "–", "–"]
      html += Layout.table(
        ["stage", "customers", "share", "tag"], rows + [unknown], numeric: [1, 2], id: "lifecycle-stages")
      html += """
        <p class="hint" id="lifecycle-tags">Tag family <code>\(stored.segmentation)</code>: \(HTML.joined(stored.stages.map { "<code>\($0.tag)</code>" }, separator: ", ")) (applying tags computes them).</p>
        <p class="hint" id="lifecycle-how">Made from: \(stored.notes.joined(separator: "; ")).</p>

        """
    } else {
      html += "<p class=\"empty\" id=\"lifecycle-empty\">No lifecycle stages yet.</p>\n"
    }
    if caller.role.allows(.editTags) {
      if periods.count >= 2 {
        html += lifecycleForm(caller, periods: periods)
      } else {
        html +=
          "<p class=\"hint\" id=\"lifecycle-periods\">Lifecycle stages compare a usage feature between two wide-table periods; build a second period on the <a href=\"/data\">Data page</a> first.</p>\n"
      }
    }
    return html + "</section>\n"
  }

  /// The form that runs `value lifecycle` (the earlier period defaults to the one before the latest).
  static func lifecycleForm(_ caller: Caller, periods: [PeriodInfo]) -> HTML {
    let latest = periods.last?.label
    let before = periods.dropLast().last?.label
    return """
      <form method="post" action="/value/lifecycle" class="stack panel" id="value-lifecycle-form">\(Layout.csrfField(caller))
      <h3>Compute lifecycle stages</h3>
      <div class="grid">
      \(Forms.text("Tenure field (months)", name: "tenure", required: true, placeholder: "tenure_months"))
      \(Forms.text("Usage feature", name: "usage", required: true, placeholder: "total_call_minutes"))
      <label>From period \(Forms.periods(periods, name: "from", selected: before, latest: false))</label>
      <label>To period \(Forms.periods(periods, name: "to", selected: latest, latest: false))</label>
      \(Forms.text("New below (tenure)", name: "new_tenure", value: "3"))
      \(Forms.text("Change that counts (0.2 = 20 %)", name: "change", value: "0.2"))
      \(Forms.text("Lapsed at usage of at most", name: "lapsed_at_most", value: "0"))
      </div>
      <div class="actions"><button type="submit">Compute stages and define the tags</button></div>
      </form>

      """
  }

  /// The forms that run RFM, Pareto tiers and lifetime value.
  static func forms(_ caller: Caller, columns: [String]) -> HTML {
    let options = columns.map { column -> HTML in
      "<option value=\"\(column)\"\(HTML.attribute("selected", when: column == "total_value"))>\(column)</option>"
    }
    return """
      <section class="panel"><h2>运行 Run the value models</h2>
      <div class="grid">
      <form method="post" action="/value/rfm" class="stack" id="value-rfm-form">\(Layout.csrfField(caller))
      <h3>RFM</h3>
      <label>Score bins <input type="number" name="bins" value="5" min="2" max="10"></label>
      <div class="actions"><button type="submit">Score RFM</button></div>
      </form>
      <form method="post" action="/value/pareto" class="stack" id="value-pareto-form">\(Layout.csrfField(caller))
      <h3>Pareto and value tiers</h3>
      <label>Column <select name="column">\(options)</select></label>
      <label>Tiers (% of value, highest first) <input name="tiers" value="80,15,5"></label>
      <label>Only customers matching (a rule, optional) <textarea name="where" rows="2" spellcheck="false" placeholder="brand = &quot;全球通&quot;"></textarea></label>
      <label>Segmentation name <input name="name" value="value_tier"></label>
      <div class="actions"><button type="submit">Analyse</button></div>
      </form>
      <form method="post" action="/value/clv" class="stack" id="value-clv-form">\(Layout.csrfField(caller))
      <h3>Lifetime value (BG/NBD + Gamma-Gamma)</h3>
      <label>Horizon (months) <input type="number" name="horizon" value="12" min="1" max="120"></label>
      <label>Monthly discount <input name="discount" value="0.01"></label>
      <div class="actions"><button type="submit">Fit and store CLV</button></div>
      </form>
      </div>
      </section>

      """
  }

  /// Uploading a transaction file and building the value table from it (a job).
  static func buildSection() -> HTML {
    let units = ValueTimeUnit.allCases.map { unit -> HTML in
      "<option value=\"\(unit.rawValue)\">\(unit.rawValue)</option>"
    }
    let fields: HTML = """
      <input type="hidden" name="upload">
      <div class="grid">
      <label>Customer column <input name="customer_column" value="customer_id"></label>
      <label>Date column <input name="date_column" value="date"></label>
      <label>Amount column <input name="amount_column" value="amount"></label>
      <label>As of <input name="as_of" placeholder="YYYY-MM-DD"></label>
      <label>Time unit <select name="time_unit">\(units)</select></label>
      </div>
      """
    let job = Forms.job(
      kind: "build-value", id: "value-build-form", submit: "构建 Build the value table", after: "/value", hidden: true,
      fields)
    return """
      <section class="panel" id="value-build"><h2>交易 Build from transactions</h2>
      <form class="stack" id="transactions-upload-form" data-upload="transactions" data-import="#value-build-form">
      <label>Transaction file (CSV: customer, date, amount; purchases, bills or top-ups) <input type="file" name="file" id="transactions-file" accept=".csv,.txt,text/csv" required></label>
      <div class="actions"><button type="submit">上传 Upload</button></div>
      <p class="upload-status" aria-live="polite"></p>
      </form>
      \(job)
      </section>

      """
  }
}
