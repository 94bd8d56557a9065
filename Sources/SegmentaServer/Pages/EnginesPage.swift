import Foundation
import HTTPTypes
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `/engines`: a segmentation, a rule, the defined tags, a wide-table spec, the value table or a segmentation's
/// profile statistics as SQL for Spark, PostgreSQL or DuckDB, and a segmentation as a PMML or JSON model file
/// (docs/scale.md), shown on the page and as a download.
///
/// The forms are GET requests (compiling changes nothing): `kind` is `model`, `rule`, `tags` or `value`, the other
/// fields as the `/api/v1/compile/…` routes take them; `download=1` answers with the text as a file. The forms that
/// carry a spec (`features`, `profile`) are POSTed, since a spec is longer than an address should be.
enum EnginesPage {
  /// What a model form may ask for: SQL for an engine or a model file.
  static let modelFormats = SQLDialect.allCases.map(\.rawValue) + ExportModelWorkflow.Format.allCases.map(\.rawValue)

  /// A compiled text, its file name and media type.
  struct Compiled {
    var title: String
    var text: String
    var filename: String
    var type: String
    /// What the text leaves out or assumes, one sentence each.
    var notes: [String] = []

    /// SQL for an engine.
    static func sql(_ title: String, _ text: String, filename: String, notes: [String] = []) -> Compiled {
      Compiled(title: title, text: text, filename: filename, type: "application/sql; charset=utf-8", notes: notes)
    }
  }

  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .get, "/engines", .readDashboards, kind: .page,
      "SQL for Spark, PostgreSQL or DuckDB and PMML/JSON model files of the workspace's definitions (query: kind, "
        + "segmentation, version, target, table, tag_table, rule, period, the value form's fields, download)."
    ) { request, _, caller in
      // A GET form sends spaces as '+': read the query as a form.
      try await respond(FormBody.decode(request.uri.query ?? ""), request: request, caller: caller, state: state)
    }
    routes.add(
      .post, "/engines", .readDashboards, kind: .page,
      "The Engines page's forms with a spec: a wide-table spec (kind features) or a profile's statistics (kind "
        + "profile) as SQL, shown, or as a file with download=1."
    ) { request, context, caller in
      try await respond(
        context.form.filter { $0.key != "_csrf" }, posted: true, request: request, caller: caller, state: state)
    }
  }

  /// The page for the form `fields` (a query, or a posted form when `posted`), or the compiled text as a file
  /// when they ask to download it.
  static func respond(
    _ fields: [String: String], posted: Bool = false, request: Request, caller: Caller, state: ServerState
  ) async throws -> Response {
    var compiled: Compiled?
    var problem: SegmentaError?
    if let kind = fields["kind"] {
      do {
        compiled = try await compile(kind: kind, query: fields, request: request, caller: caller, state: state)
      } catch let error as SegmentaError {
        problem = error
      }
    }
    if let compiled, fields["download"] == "1" {
      return Response(
        status: .ok,
        headers: [
          .contentType: compiled.type,
          .contentDisposition: "attachment; filename=\"\(compiled.filename)\"",
        ],
        body: ResponseBody(byteBuffer: ByteBuffer(string: compiled.text)))
    }
    let status = try await state.read(WorkspaceStatusWorkflow(), caller: caller, command: request.auditCommand)
    return PageResponse.page(
      "Engines", area: .engines, caller: caller, status: problem == nil ? .ok : .badRequest,
      page(status, query: fields, posted: posted, caller: caller, compiled: compiled, problem: problem))
  }

  /// Runs the compilation the query asks for.
  static func compile(
    kind: String, query: [String: String], request: Request, caller: Caller, state: ServerState
  ) async throws -> Compiled {
    func text(_ name: String) throws(SegmentaError) -> String? {
      try APIInput.checked(query[name], field: name).flatMap { $0.isEmpty ? nil : $0 }
    }
    /// A spec pasted into a text area (which sends its lines ended by CR LF); nil when it is empty.
    func spec() -> String? {
      query["spec"].flatMap {
        $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
          ? nil : $0.replacingOccurrences(of: "\r\n", with: "\n")
      }
    }
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(SegmentaError) -> T?
    where T.RawValue == String {
      guard let value = try text(name) else { return nil }
      guard let choice = T(rawValue: value) else {
        throw SegmentaError(
          .invalidRequest, "\(name) takes \(T.allCases.map(\.rawValue).joined(separator: ", "))", field: name)
      }
      return choice
    }
    func target() throws(SegmentaError) -> SQLDialect { try choice("target", SQLDialect.self) ?? .duckdb }
    func bins() throws(SegmentaError) -> Int? {
      guard let text = try text("bins") else { return nil }
      guard let number = Int(text) else {
        throw SegmentaError(.invalidRequest, "bins takes a whole number", field: "bins")
      }
      return number
    }
    func version() throws(SegmentaError) -> Int? {
      guard let text = try text("version") else { return nil }
      guard let number = Int(text), number >= 1 else {
        throw SegmentaError(.invalidRequest, "version takes a whole number ≥ 1", field: "version")
      }
      return number
    }
    func segmentation() throws(SegmentaError) -> String {
      guard let name = try text("segmentation") else {
        throw SegmentaError(.invalidRequest, "choose a segmentation", field: "segmentation")
      }
      return name
    }
    let command = request.auditCommand
    func read<W: Workflow>(_ workflow: W) async throws(SegmentaError) -> W.Output {
      try await state.read(workflow, caller: caller, command: command)
    }
    switch kind {
    case "model":
      let name = try segmentation()
      let version = try version()
      let format = try text("target") ?? SQLDialect.duckdb.rawValue
      if let file = ExportModelWorkflow.Format(rawValue: format) {
        let output = try await read(ExportModelWorkflow(name: name, version: version, format: file))
        return Compiled(
          title:
            "\(output.segmentation) version \(output.version) as \(file == .pmml ? "PMML 4.4" : "Segmenta's model file")",
          text: output.text, filename: "\(output.segmentation)-v\(output.version).\(file.rawValue)",
          type: file == .pmml ? "application/xml; charset=utf-8" : "application/json; charset=utf-8")
      }
      let output = try await read(
        CompileAPI.model(.init(segmentation: name, version: version, target: try target(), table: try text("table"))))
      return .sql(
        "\(output.segmentation) version \(output.version) for \(output.target.title) over \(output.table)", output.sql,
        filename: "\(output.segmentation)-v\(output.version)-\(output.target.rawValue).sql")
    case "rule":
      let rule = query["rule"] ?? ""
      guard !rule.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        throw SegmentaError(.invalidRequest, "write a rule", field: "rule")
      }
      let output = try await read(
        CompileAPI.rule(
          .init(
            rule: rule, target: try target(), table: try text("table"), tagTable: try text("tag_table"),
            period: try text("period"))))
      return .sql(
        "The rule for \(output.target.title) over \(output.table)", output.sql,
        filename: "rule-\(output.target.rawValue).sql")
    case "tags":
      let output = try await read(
        CompileAPI.tags(
          .init(
            target: try target(), table: try text("table"), tagTable: try text("tag_table"), period: try text("period"))
        ))
      return .sql(
        "\(output.tags.count) tags for \(output.target.title) into \(output.tagTable)", output.sql,
        filename: "tags-\(output.target.rawValue).sql")
    case "features":
      let pasted = spec()
      let output = try await read(
        CompileAPI.features(
          .init(
            spec: pasted, period: try pasted == nil ? text("period") : nil, target: try target(),
            eventsTable: try text("events_table"), customersTable: try text("customers_table"),
            previousTable: try text("previous_table"), asOf: try text("as_of"))))
      return .sql(
        "\(output.features.count) features of \(pasted == nil ? output.spec : "the spec") for \(output.target.title) "
          + "over \(output.tables.map(\.name).joined(separator: ", "))", output.sql,
        filename: "features-\(output.target.rawValue).sql",
        notes: ["The reference day: \(output.referenceDay)."])
    case "value":
      let output = try await read(
        CompileAPI.value(
          .init(
            target: try target(), transactionsTable: try text("transactions_table"),
            customerColumn: try text("customer_column"), dateColumn: try text("date_column"),
            amountColumn: try text("amount_column"), valueTable: try text("value_table"), asOf: try text("as_of"),
            timeUnit: try choice("time_unit", ValueTimeUnit.self), bins: try bins())))
      return .sql(
        "Value table \(output.valueTable) (RFM in \(output.bins) bins) for \(output.target.title) over "
          + "\(output.transactionsTable)", output.sql, filename: "value-\(output.target.rawValue).sql",
        notes: output.notes.map { "Note: \($0)." }
          + output.notCompiled.map { "Not compiled: \($0.column): \($0.reason)." })
    case "profile":
      let output = try await read(
        CompileAPI.profile(
          .init(
            segmentation: try segmentation(), version: try version(), target: try target(),
            table: try text("table"), scores: try text("scores"), customers: try text("customers"), spec: spec())))
      return .sql(
        "The profile statistics of \(output.segmentation) version \(output.version) for \(output.target.title) "
          + "(\(output.features.count) features, \(output.categories.count) categories, \(output.kpis) KPIs)",
        output.sql, filename: "\(output.segmentation)-v\(output.version)-profile-\(output.target.rawValue).sql",
        notes: [
          "Save the result as CSV with a header and run `segmenta profile \(output.segmentation) --version "
            + "\(output.version) --statistics FILE.csv` for the report."
        ])
    case "campaign":
      let output = try await read(
        CompileAPI.campaign(
          .init(
            campaign: query["campaign"] ?? "", target: try target(), table: try text("table"),
            customersTable: try text("customers_table"), tagTable: try text("tag_table"),
            statusesTable: try text("statuses_table"), contactsTable: try text("contacts_table"),
            skipStatuses: query["skip_statuses"] == "1", now: try text("now"), listTable: try text("list_table"),
            period: try text("period"))))
      return .sql(
        "Campaign \(output.campaign)'s target list for \(output.target.title) into \(output.tables.list)", output.sql,
        filename: "campaign-\(output.campaign)-\(output.target.rawValue).sql",
        notes: [
          "The counts per group, reason and stratum are those of `segmenta campaign select \(output.campaign) --now "
            + "\(output.now)`" + (output.statusesChecked ? "." : "; contact statuses are not checked.")
        ])
    default:
      throw SegmentaError(
        .invalidRequest, "kind takes model, rule, tags, features, value, profile or campaign", field: "kind")
    }
  }

  static func page(
    _ status: WorkspaceStatusWorkflow.Output, query: [String: String], posted: Bool, caller: Caller,
    compiled: Compiled?, problem: SegmentaError?
  ) -> HTML {
    let kind = query["kind"] ?? ""
    func value(_ name: String, _ fallback: String = "") -> String { query[name] ?? fallback }
    /// The value the form of `form` last sent for `name`, or `fallback` on another form.
    func field(_ form: String, _ name: String, _ fallback: String = "") -> String {
      kind == form ? value(name, fallback) : fallback
    }
    func targets(_ choices: [String], selected: String) -> HTML {
      let options = choices.map { choice -> HTML in
        let title = SQLDialect(rawValue: choice)?.title ?? (choice == "pmml" ? "PMML 4.4" : "JSON model file")
        return choice == selected
          ? "<option value=\"\(choice)\" selected>\(title)</option>" : "<option value=\"\(choice)\">\(title)</option>"
      }
      return "<select name=\"target\">\(options)</select>"
    }
    let segmentations = status.segmentations.map { item -> HTML in
      item.name == value("segmentation")
        ? "<option value=\"\(item.name)\" selected>\(item.name)</option>"
        : "<option value=\"\(item.name)\">\(item.name)</option>"
    }
    let sqlTargets = SQLDialect.allCases.map(\.rawValue)
    func engine(_ form: String) -> HTML { targets(sqlTargets, selected: field(form, "target", "duckdb")) }
    let csrf = Layout.csrfField(caller)
    var result = HTML.empty
    if let problem {
      result = Layout.notice(problem.description, kind: "error")
    } else if let compiled {
      let fields = query.filter { $0.key != "download" }.sorted { $0.key < $1.key }
      let download: HTML
      if posted {
        // The form again, with download=1: a spec is too long for a link.
        let hidden = fields.map { key, value -> HTML in "<input type=\"hidden\" name=\"\(key)\" value=\"\(value)\">" }
        download = """
          <form method="post" action="/engines" class="inline" id="compiled-download-form">\(csrf)\(hidden)<input type="hidden" name="download" value="1"><button type="submit" class="button" id="compiled-download">Download \(compiled.filename)</button></form>
          """
      } else {
        // Every byte but unreserved ones escaped, '+' included (the form decoding reads '+' as a space).
        let link = (fields + [("download", "1")]).map { key, value in urlPart(key) + "=" + urlPart(value) }
          .joined(separator: "&")
        download =
          "<a class=\"button\" id=\"compiled-download\" href=\"/engines?\(link)\">Download \(compiled.filename)</a>"
      }
      let notes: HTML =
        compiled.notes.isEmpty
        ? .empty : "<ul class=\"hint\" id=\"compiled-notes\">\(compiled.notes.map { "<li>\($0)</li>" as HTML })</ul>"
      result = """
        <section id="compiled"><h2>\(compiled.title)</h2>
        \(notes)<div class="actions">\(download)</div>
        <pre class="code" id="compiled-text">\(compiled.text)</pre></section>
        """
    }
    let version = { (form: String) -> HTML in
      "<label>Version (empty: the latest) <input name=\"version\" inputmode=\"numeric\" value=\"\(field(form, "version"))\"></label>"
    }
    let modelForm: HTML =
      status.segmentations.isEmpty
      ? "<p class=\"hint\">No segmentation yet.</p>"
      : """
      <form method="get" action="/engines#compiled" class="stack" id="engines-model">
      <input type="hidden" name="kind" value="model">
      <label>Segmentation <select name="segmentation">\(segmentations)</select></label>
      \(version("model"))
      <label>Engine or file \(targets(modelFormats, selected: field("model", "target", "duckdb")))</label>
      <label>Table (customer_id and the features) <input name="table" value="\(field("model", "table", "features"))"></label>
      <button type="submit">Compile</button>
      </form>
      """
    let profileForm: HTML =
      status.segmentations.isEmpty
      ? "<p class=\"hint\">No segmentation yet.</p>"
      : """
      <form method="post" action="/engines#compiled" class="stack" id="engines-profile">
      \(csrf)<input type="hidden" name="kind" value="profile">
      <label>Segmentation <select name="segmentation">\(segmentations)</select></label>
      \(version("profile"))
      <label>Engine \(engine("profile"))</label>
      <label>Feature table (customer_id and the model's features) <input name="table" value="\(field("profile", "table", "features"))"></label>
      <label>Score table (customer_id and segment) <input name="scores" value="\(field("profile", "scores", "scores"))"></label>
      <label>Customer table <input name="customers" value="\(field("profile", "customers", "customers"))"></label>
      <label>Profile spec (YAML, optional: KPIs and categories) <textarea name="spec" rows="4" spellcheck="false">\(field("profile", "spec"))</textarea></label>
      <button type="submit">Compile</button>
      </form>
      """
    let timeUnits = ([("", "the stored table's")] + ValueTimeUnit.allCases.map { ($0.rawValue, $0.rawValue) }).map {
      choice, title -> HTML in
      "<option value=\"\(choice)\"\(HTML.attribute("selected", when: field("value", "time_unit") == choice))>\(title)</option>"
    }
    return """
      <h1>数仓 SQL engines and model files</h1>
      <p class="hint">Run what the workspace defines where the data is: the same cluster for every customer, the same customers for every rule and tag, the same wide table, value table and profile statistics, on Spark, PostgreSQL or DuckDB. See docs/scale.md for the tables each query reads.</p>
      \(result)
      <div class="columns3">
      <section><h2>分群 A segmentation</h2>
      \(modelForm)
      </section>
      <section><h2>规则 A rule</h2>
      <form method="get" action="/engines#compiled" class="stack" id="engines-rule">
      <input type="hidden" name="kind" value="rule">
      <label>Rule <textarea name="rule" rows="3" spellcheck="false">\(field("rule", "rule"))</textarea></label>
      <label>Engine \(engine("rule"))</label>
      <label>Table (customer_id, features and customer columns) <input name="table" value="\(field("rule", "table", "customers"))"></label>
      <label>Period (of the features) \(Forms.periods(status.periods, selected: kind == "rule" ? query["period"] : nil))</label>
      <button type="submit">Compile</button>
      </form>
      </section>
      <section><h2>标签 Every tag</h2>
      <form method="get" action="/engines#compiled" class="stack" id="engines-tags">
      <input type="hidden" name="kind" value="tags">
      <label>Engine \(engine("tags"))</label>
      <label>Table (customer_id, features and customer columns) <input name="table" value="\(field("tags", "table", "customers"))"></label>
      <label>Tag table <input name="tag_table" value="\(field("tags", "tag_table", "customer_tags"))"></label>
      <button type="submit">Compile</button>
      </form>
      </section>
      </div>
      <section id="engines-wide-table"><h2>宽表 A wide table</h2>
      <p class="hint">The query returns, per customer, the features <code>segmenta features build</code> stores for the same events (categorical features as codes 0, 1, …). See docs/features.md for the spec.</p>
      <form method="post" action="/engines#compiled" class="stack" id="engines-features">
      \(csrf)<input type="hidden" name="kind" value="features">
      <label>Wide-table spec (YAML; empty: the spec stored with the period below) <textarea name="spec" rows="10" spellcheck="false">\(field("features", "spec"))</textarea></label>
      <div class="grid">
      <label>Period whose spec to compile (when none is pasted) \(Forms.periods(status.periods, selected: kind == "features" ? query["period"] : nil))</label>
      <label>Engine \(engine("features"))</label>
      <label>Events table <input name="events_table" value="\(field("features", "events_table", "events"))"></label>
      <label>Customer table <input name="customers_table" value="\(field("features", "customers_table", "customers"))"></label>
      <label>Previous period's table (for changed features) <input name="previous_table" value="\(field("features", "previous_table"))"></label>
      <label>As of (YYYY-MM-DD, overriding the spec's) <input name="as_of" placeholder="from the spec" value="\(field("features", "as_of"))"></label>
      </div>
      <button type="submit">Compile</button>
      </form>
      </section>
      <div class="columns3">
      <section id="engines-value-section"><h2>价值 Customer value</h2>
      <form method="get" action="/engines#compiled" class="stack" id="engines-value">
      <input type="hidden" name="kind" value="value">
      <label>Engine \(engine("value"))</label>
      <label>Transaction table <input name="transactions_table" value="\(field("value", "transactions_table", "transactions"))"></label>
      <div class="grid">
      <label>Customer id column <input name="customer_column" value="\(field("value", "customer_column", "customer_id"))"></label>
      <label>Date column <input name="date_column" value="\(field("value", "date_column", "date"))"></label>
      <label>Amount column <input name="amount_column" value="\(field("value", "amount_column", "amount"))"></label>
      </div>
      <label>Value table <input name="value_table" placeholder="the latest" value="\(field("value", "value_table"))"></label>
      <label>Observation end (YYYY-MM-DD) <input name="as_of" placeholder="the stored table's" value="\(field("value", "as_of"))"></label>
      <label>Time unit <select name="time_unit">\(timeUnits)</select></label>
      <label>RFM bins (2–10) <input name="bins" inputmode="numeric" placeholder="those of value rfm" value="\(field("value", "bins"))"></label>
      <button type="submit">Compile</button>
      </form>
      </section>
      <section id="engines-profile-section"><h2>画像 A profile's statistics</h2>
      \(profileForm)
      </section>
      <section id="engines-campaign-section"><h2>营销 A campaign's target list</h2>
      <form method="get" action="/engines#compiled" class="stack" id="engines-campaign">
      <input type="hidden" name="kind" value="campaign">
      <label>Campaign <input name="campaign" value="\(field("campaign", "campaign"))"></label>
      <label>Engine \(engine("campaign"))</label>
      <label>Table (customer_id and the fields the target rule reads) <input name="table" value="\(field("campaign", "table", "customers"))"></label>
      <label>Customer table (opt-outs and addresses) <input name="customers_table" placeholder="the table above" value="\(field("campaign", "customers_table"))"></label>
      <label>Contact statuses (customer_id, status) <input name="statuses_table" value="\(field("campaign", "statuses_table"))"></label>
      <label><input type="checkbox" name="skip_statuses" value="1"\(HTML.attribute("checked", when: field("campaign", "skip_statuses") == "1"))> Leave contact statuses unchecked</label>
      <label>Contacts made (customer_id, contacted_at; for the frequency cap) <input name="contacts_table" value="\(field("campaign", "contacts_table"))"></label>
      <label>Cap counted back from (YYYY-MM-DDTHH:MM:SS) <input name="now" placeholder="now" value="\(field("campaign", "now"))"></label>
      <label>List table <input name="list_table" placeholder="campaign_NAME" value="\(field("campaign", "list_table"))"></label>
      <button type="submit">Compile</button>
      </form>
      </section>
      </div>
      """
  }
}
