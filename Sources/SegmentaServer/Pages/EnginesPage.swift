import Foundation
import HTTPTypes
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `/engines`: a segmentation, a rule or the defined tags as SQL for Spark, PostgreSQL or DuckDB, and a
/// segmentation as a PMML or JSON model file (docs/scale.md), shown on the page and as a download.
///
/// The forms are GET requests (compiling changes nothing): `kind` is `model`, `rule` or `tags`, the other
/// fields as the `/api/v1/compile/…` routes take them; `download=1` answers with the text as a file.
enum EnginesPage {
  /// What a model form may ask for: SQL for an engine or a model file.
  static let modelFormats = SQLDialect.allCases.map(\.rawValue) + ExportModelWorkflow.Format.allCases.map(\.rawValue)

  /// A compiled text, its file name and media type.
  struct Compiled {
    var title: String
    var text: String
    var filename: String
    var type: String
  }

  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .get, "/engines", .readDashboards, kind: .page,
      "SQL for Spark, PostgreSQL or DuckDB and PMML/JSON model files of the workspace's definitions (query: kind, "
        + "segmentation, version, target, table, tag_table, rule, period, download)."
    ) { request, _, caller in
      let command = request.auditCommand
      var compiled: Compiled?
      var problem: SegmentaError?
      // A GET form sends spaces as '+': read the query as a form.
      let query = FormBody.decode(request.uri.query ?? "")
      if let kind = query["kind"] {
        do {
          compiled = try await compile(kind: kind, query: query, request: request, caller: caller, state: state)
        } catch let error as SegmentaError {
          problem = error
        }
      }
      if let compiled, query["download"] == "1" {
        return Response(
          status: .ok,
          headers: [
            .contentType: compiled.type,
            .contentDisposition: "attachment; filename=\"\(compiled.filename)\"",
          ],
          body: ResponseBody(byteBuffer: ByteBuffer(string: compiled.text)))
      }
      let status = try await state.read(WorkspaceStatusWorkflow(), caller: caller, command: command)
      return PageResponse.page(
        "Engines", area: .engines, caller: caller,
        status: problem == nil ? .ok : .badRequest, page(status, query: query, compiled: compiled, problem: problem))
    }
  }

  /// Runs the compilation the query asks for.
  static func compile(
    kind: String, query: [String: String], request: Request, caller: Caller, state: ServerState
  ) async throws -> Compiled {
    func text(_ name: String) throws(SegmentaError) -> String? {
      try APIInput.checked(query[name], field: name).flatMap { $0.isEmpty ? nil : $0 }
    }
    func target() throws(SegmentaError) -> SQLDialect {
      let value = try text("target") ?? SQLDialect.duckdb.rawValue
      guard let dialect = SQLDialect(rawValue: value) else {
        throw SegmentaError(
          .invalidRequest, "target takes \(SQLDialect.allCases.map(\.rawValue).joined(separator: ", "))",
          field: "target")
      }
      return dialect
    }
    let command = request.auditCommand
    switch kind {
    case "model":
      guard let name = try text("segmentation") else {
        throw SegmentaError(.invalidRequest, "choose a segmentation", field: "segmentation")
      }
      var version: Int?
      if let text = try text("version") {
        guard let number = Int(text), number >= 1 else {
          throw SegmentaError(.invalidRequest, "version takes a whole number ≥ 1", field: "version")
        }
        version = number
      }
      let format = try text("target") ?? SQLDialect.duckdb.rawValue
      if let file = ExportModelWorkflow.Format(rawValue: format) {
        let output = try await state.read(
          ExportModelWorkflow(name: name, version: version, format: file), caller: caller, command: command)
        return Compiled(
          title:
            "\(output.segmentation) version \(output.version) as \(file == .pmml ? "PMML 4.4" : "Segmenta's model file")",
          text: output.text, filename: "\(output.segmentation)-v\(output.version).\(file.rawValue)",
          type: file == .pmml ? "application/xml; charset=utf-8" : "application/json; charset=utf-8")
      }
      let output = try await state.read(
        CompileAPI.model(
          .init(segmentation: name, version: version, target: try target(), table: try text("table"))),
        caller: caller, command: command)
      return Compiled(
        title: "\(output.segmentation) version \(output.version) for \(output.target.title) over \(output.table)",
        text: output.sql, filename: "\(output.segmentation)-v\(output.version)-\(output.target.rawValue).sql",
        type: "application/sql; charset=utf-8")
    case "rule":
      let rule = query["rule"] ?? ""
      guard !rule.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        throw SegmentaError(.invalidRequest, "write a rule", field: "rule")
      }
      let output = try await state.read(
        CompileAPI.rule(
          .init(
            rule: rule, target: try target(), table: try text("table"), tagTable: try text("tag_table"),
            period: try text("period"))),
        caller: caller, command: command)
      return Compiled(
        title: "The rule for \(output.target.title) over \(output.table)", text: output.sql,
        filename: "rule-\(output.target.rawValue).sql", type: "application/sql; charset=utf-8")
    case "tags":
      let output = try await state.read(
        CompileAPI.tags(
          .init(
            target: try target(), table: try text("table"), tagTable: try text("tag_table"), period: try text("period"))
        ), caller: caller, command: command)
      return Compiled(
        title: "\(output.tags.count) tags for \(output.target.title) into \(output.tagTable)", text: output.sql,
        filename: "tags-\(output.target.rawValue).sql", type: "application/sql; charset=utf-8")
    default:
      throw SegmentaError(.invalidRequest, "kind takes model, rule or tags", field: "kind")
    }
  }

  static func page(
    _ status: WorkspaceStatusWorkflow.Output, query: [String: String], compiled: Compiled?, problem: SegmentaError?
  ) -> HTML {
    let kind = query["kind"] ?? ""
    func value(_ name: String, _ fallback: String = "") -> String { query[name] ?? fallback }
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
    var result = HTML.empty
    if let problem {
      result = Layout.notice(problem.message, kind: "error")
    } else if let compiled {
      // Every byte but unreserved ones escaped, '+' included (the form decoding reads '+' as a space).
      let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
      let download = (query.filter { $0.key != "download" }.sorted { $0.key < $1.key } + [("download", "1")])
        .map { key, value in
          (key.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "") + "="
            + (value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")
        }
        .joined(separator: "&")
      result = """
        <section id="compiled"><h2>\(compiled.title)</h2>
        <p><a class="button" id="compiled-download" href="/engines?\(download)">Download \(compiled.filename)</a></p>
        <pre class="code" id="compiled-text">\(compiled.text)</pre></section>
        """
    }
    let modelForm: HTML =
      status.segmentations.isEmpty
      ? "<p class=\"hint\">No segmentation yet.</p>"
      : """
      <form method="get" action="/engines#compiled" class="stack" id="engines-model">
      <input type="hidden" name="kind" value="model">
      <label>Segmentation <select name="segmentation">\(segmentations)</select></label>
      <label>Version (empty: the latest) <input name="version" inputmode="numeric" value="\(kind == "model" ? value("version") : "")"></label>
      <label>Engine or file \(targets(modelFormats, selected: kind == "model" ? value("target", "duckdb") : "duckdb"))</label>
      <label>Table (customer_id and the features) <input name="table" value="\(kind == "model" ? value("table", "features") : "features")"></label>
      <button type="submit">Compile</button>
      </form>
      """
    return """
      <h1>数仓 SQL engines and model files</h1>
      <p class="hint">Run what the workspace defines where the data is: the same cluster for every customer, the same customers for every rule and tag, on Spark, PostgreSQL or DuckDB. See docs/scale.md for the tables each query reads.</p>
      \(result)
      <div class="columns3">
      <section><h2>分群 A segmentation</h2>
      \(modelForm)
      </section>
      <section><h2>规则 A rule</h2>
      <form method="get" action="/engines#compiled" class="stack" id="engines-rule">
      <input type="hidden" name="kind" value="rule">
      <label>Rule <textarea name="rule" rows="3" spellcheck="false">\(kind == "rule" ? value("rule") : "")</textarea></label>
      <label>Engine \(targets(sqlTargets, selected: kind == "rule" ? value("target", "duckdb") : "duckdb"))</label>
      <label>Table (customer_id, features and customer columns) <input name="table" value="\(kind == "rule" ? value("table", "customers") : "customers")"></label>
      <label>Period (of the features) \(Forms.periods(status.periods, selected: kind == "rule" ? query["period"] : nil))</label>
      <button type="submit">Compile</button>
      </form>
      </section>
      <section><h2>标签 Every tag</h2>
      <form method="get" action="/engines#compiled" class="stack" id="engines-tags">
      <input type="hidden" name="kind" value="tags">
      <label>Engine \(targets(sqlTargets, selected: kind == "tags" ? value("target", "duckdb") : "duckdb"))</label>
      <label>Table (customer_id, features and customer columns) <input name="table" value="\(kind == "tags" ? value("table", "customers") : "customers")"></label>
      <label>Tag table <input name="tag_table" value="\(kind == "tags" ? value("tag_table", "customer_tags") : "customer_tags")"></label>
      <button type="submit">Compile</button>
      </form>
      </section>
      </div>
      """
  }
}
