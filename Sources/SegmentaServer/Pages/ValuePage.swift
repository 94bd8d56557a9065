import Foundation
import HTTPTypes
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `/value`: customer value: the 80/20 line and Lorenz curve, the RFM grid heatmap, the lifetime-value
/// parameters and the P(alive) matrix of the latest value table; forms to run RFM, Pareto tiers and CLV,
/// and to build the value table from an uploaded transaction file (a job).
enum ValuePage {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .get, "/value", .readDashboards, kind: .page,
      "Customer value: 80/20 line, Lorenz curve, RFM grid, CLV parameters, P(alive) matrix; run RFM, Pareto, CLV."
    ) { request, _, caller in
      let done = request.query("done")
      let notice: HTML =
        switch done {
        case "rfm": Layout.notice("RFM scores stored; the segments are the segmentation shown in the grid below.")
        case "pareto": Layout.notice("Value tiers stored as a segmentation.")
        case "clv": Layout.notice("Lifetime value stored per customer.")
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
      "Pareto analysis and value tiers of a column (form fields `column`, `tiers` as 80,15,5)."
    ) { request, context, caller in
      let column = context.form["column"] ?? ""
      let text = context.form["tiers"].flatMap { $0.isEmpty ? nil : $0 } ?? "80,15,5"
      let tiers = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) ?? .nan }
      return try await run(
        ParetoWorkflow(column: column, tiers: tiers), done: "pareto", state: state, caller: caller, request: request)
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
    guard [.invalidRequest, .notFound, .insufficientData, .missingPrerequisite, .invalidSpec].contains(failure.code)
    else { throw failure }
    return try await page(
      state: state, caller: caller, command: request.auditCommand,
      top: Layout.notice(failure.description, kind: "error"), status: .unprocessableContent)
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
    html +=
      "<section id=\"value-report\">\(Layout.scroll(HTML(raw: ValueReportRenderer.fragments(report))))</section>\n"
    return html
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
