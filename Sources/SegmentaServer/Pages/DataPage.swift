import Foundation
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `/data`: uploading customer and event files (the script uploads through `POST /api/v1/uploads`,
/// shows the preview of inferred types and follows the import job), building a wide table (a job), importing a
/// wide table made elsewhere (a job), and every feature's statistics with its histogram.
enum DataPage {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .get, "/data", .readDashboards, kind: .page,
      "Upload customers and events (preview, import job), build or import a wide table (jobs), describe with "
        + "histograms."
    ) { request, _, caller in
      let command = request.auditCommand
      let period = request.query("period").flatMap { $0.isEmpty ? nil : $0 }
      let periods = try await state.read(ListPeriodsWorkflow(), caller: caller, command: command)
      let histograms = try await state.read(FeatureHistogramsWorkflow(period: period), caller: caller, command: command)
      let uploads = caller.role.allows(.importData) ? state.uploads.all() : []
      var html: HTML = "<h1>数据 Data</h1>\n"
      if caller.role.allows(.importData) { html += importSection() }
      if caller.role.allows(.buildFeatures) { html += buildSection(uploads: uploads) }
      if caller.role.allows(.importData) { html += featuresImportSection() }
      if caller.role.allows(.importData) { html += uploadsSection(uploads) }
      html += describeSection(histograms, periods: periods, selected: period)
      return PageResponse.page("Data", area: .data, caller: caller, html)
    }
  }

  /// Uploading a customer file, its preview and the import job.
  static func importSection() -> HTML {
    let fields: HTML = """
      <input type="hidden" name="upload"><input type="hidden" name="id_column">
      <label>Rows with errors <select name="on_error"><option value="fail">stop the import (nothing stored)</option><option value="skip">skip them and import the rest</option></select></label>
      """
    let job = Forms.job(
      kind: "import-customers", id: "customers-import-form", submit: "导入 Import these customers", after: "/",
      hidden: true, fields)
    return """
      <section class="panel" id="customers-import"><h2>导入客户 Import customers</h2>
      <form class="stack" id="customers-upload-form" data-upload="customers" data-preview="#customers-preview" data-import="#customers-import-form">
      <label>Customer file (CSV, UTF-8, one row per customer) <input type="file" name="file" id="customers-file" accept=".csv,.txt,text/csv" required></label>
      <label>Customer id column <input name="id_column" value="customer_id"></label>
      <div class="actions"><button type="submit">上传并预览 Upload and preview</button></div>
      <p class="upload-status" aria-live="polite"></p>
      </form>
      <div id="customers-preview" class="preview" hidden></div>
      \(job)
      </section>

      """
  }

  /// Uploading event files and building a period's wide table from them.
  static func buildSection(uploads: [UploadStore.Upload]) -> HTML {
    let boxes = uploads.filter { !$0.name.hasSuffix(".yaml") }.map { upload -> HTML in
      "<label class=\"check\"><input type=\"checkbox\" name=\"events\" value=\"\(upload.id)\" data-list> \(upload.name) <small>\(Show.bytes(upload.bytes)), \(upload.uploadedAt)</small></label>"
    }
    let fields: HTML = """
      <fieldset id="event-uploads"><legend>Event files to read</legend>\(boxes)</fieldset>
      <label>Wide-table spec (YAML, docs/features.md) <textarea name="spec" rows="10" spellcheck="false" required>\(DemoSpecs.featuresYAML)</textarea></label>
      <div class="grid">
      <label>Period label <input name="period" placeholder="from the spec"></label>
      <label>As of <input name="as_of" placeholder="YYYY-MM-DD"></label>
      <label class="check"><input type="checkbox" name="replace"> Replace the period if it exists</label>
      </div>
      """
    let job = Forms.job(
      kind: "build-features", id: "build-form", submit: "构建 Build the wide table", after: "/data", fields)
    return """
      <section class="panel" id="features-build"><h2>构建宽表 Build a wide table</h2>
      <form class="stack" id="events-upload-form" data-upload="events" data-list="#event-uploads">
      <label>Event files (CSV: calls, messages, data sessions…) <input type="file" name="file" id="events-file" accept=".csv,.txt,text/csv" multiple required></label>
      <div class="actions"><button type="submit">上传 Upload event files</button></div>
      <p class="upload-status" aria-live="polite"></p>
      </form>
      \(job)
      </section>

      """
  }

  /// Uploading a wide table made elsewhere (as the features export writes it) and importing it as a period (a job).
  static func featuresImportSection() -> HTML {
    let fields: HTML = """
      <input type="hidden" name="upload">
      <label>Wide-table spec the table was made with (YAML, docs/features.md) <textarea name="spec" rows="6" spellcheck="false" required>\(DemoSpecs.featuresYAML)</textarea></label>
      <div class="grid">
      <label>Period label <input name="period" placeholder="the spec's reference date"></label>
      <label class="check"><input type="checkbox" name="replace"> Replace the period if it exists</label>
      </div>
      """
    let job = Forms.job(
      kind: "import-features", id: "features-import-form", submit: "导入 Import the wide table",
      after: "/data?period={period}#describe", hidden: true, fields)
    return """
      <section class="panel" id="features-import"><h2>导入宽表 Import a wide table</h2>
      <p class="hint">A wide table computed elsewhere (Spark, a warehouse): customer_id and one column per feature of the spec, categorical features as codes, as <code>segmenta features export</code> writes it. Every customer must be in the workspace; a bad row stores nothing.</p>
      <form class="stack" id="features-upload-form" data-upload="features" data-import="#features-import-form" data-next="Check the spec and the period, then import.">
      <label>Wide table (CSV) <input type="file" name="file" id="features-file" accept=".csv,.txt,text/csv" required></label>
      <div class="actions"><button type="submit">上传 Upload the wide table</button></div>
      <p class="upload-status" aria-live="polite"></p>
      </form>
      \(job)
      </section>

      """
  }

  /// The uploaded files.
  static func uploadsSection(_ uploads: [UploadStore.Upload]) -> HTML {
    let rows = uploads.prefix(50).map { upload -> [HTML] in
      [
        "<code>\(upload.id)</code>", "\(upload.name)", "\(Show.bytes(upload.bytes))", "\(upload.uploadedAt)",
        "\(upload.uploadedBy)",
      ]
    }
    return """
      <section><h2>上传的文件 Uploaded files</h2>
      \(uploads.isEmpty ? "<p class=\"empty\">None yet.</p>" as HTML : Layout.table(["id", "file", "size", "uploaded", "by"], rows, numeric: [2], id: "uploads-table"))
      </section>

      """
  }

  /// Every feature's statistics and histogram.
  static func describeSection(
    _ described: FeatureHistogramsWorkflow.Output, periods: [PeriodInfo], selected: String?
  ) -> HTML {
    let rows = described.histograms.map { column -> [HTML] in
      let summary = column.summary
      if let categories = column.categories {
        // A categorical feature (a mode or bands): customers per category instead of statistics of codes.
        let items = categories.map { "<li>\($0.category) <b>\(Show.count($0.customers))</b></li>" as HTML }
        return [
          "<b>\(column.name)</b>\(column.label.map { "<br><small>\($0)</small>" as HTML } ?? HTML.empty)",
          "\(column.source), categorical", "\(Show.count(summary.count))", "\(Show.count(summary.missing))", "–", "–",
          "–", "–", "–", "<ol class=\"categories\">\(items)</ol>",
        ]
      }
      return [
        "<b>\(column.name)</b>\(column.label.map { "<br><small>\($0)</small>" as HTML } ?? HTML.empty)",
        "\(column.source)",
        "\(Show.count(summary.count))", "\(Show.count(summary.missing))", "\(Show.number(summary.mean))",
        "\(Show.number(summary.std))", "\(Show.number(summary.min))", "\(Show.number(summary.p50))",
        "\(Show.number(summary.max))", Charts.histogram(column),
      ]
    }
    let period: HTML =
      described.period.map { " · period \($0)" } ?? " · no wide table yet: customer columns only"
    return """
      <section id="describe"><h2>特征分布 Features and columns</h2>
      <form method="get" action="/data#describe" class="inline filter"><label>Period \(Forms.periods(periods, selected: selected))</label><button type="submit">Show</button></form>
      <p class="summary">\(Show.count(described.customers)) customers\(period)</p>
      \(Layout.table(["column", "source", "count", "missing", "mean", "std", "min", "median", "max", "histogram (1st–99th percentile)"], rows, numeric: [2, 3, 4, 5, 6, 7, 8], id: "describe-table"))
      </section>

      """
  }
}
