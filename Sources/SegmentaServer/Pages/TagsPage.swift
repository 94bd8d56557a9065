import Foundation
import HTTPTypes
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `/tags` and `/tags/:name`: tag definitions with their coverage, defining tags from a YAML spec,
/// applying them (a job); one tag's history (gained and lost per apply) and profile.
enum TagsPage {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(.get, "/tags", .readDashboards, kind: .page, "Tags: definitions, coverage; define and apply.") {
      request, _, caller in
      let notice =
        request.query("done") == "defined"
        ? Layout.notice("The tags were defined; apply them to compute who carries them.") : HTML.empty
      return try await list(state: state, caller: caller, command: request.auditCommand, top: notice, spec: "")
    }
    routes.add(
      .post, "/tags/define", .editTags, kind: .page,
      "Define or change tags from a YAML spec (form field `spec`); every rule is checked first."
    ) { request, context, caller in
      let text = context.form["spec"] ?? ""
      let period = context.form["period"].flatMap { $0.isEmpty ? nil : $0 }
      do {
        let definitions = try SegmentaError.catching { try TagSpecParser.parse(text, file: "the spec") }
        _ = try await state.write(
          DefineTagsWorkflow(source: .definitions(definitions, source: "the spec"), period: period), caller: caller,
          command: request.auditCommand)
        return PageResponse.redirect("/tags?done=defined")
      } catch let failure as SegmentaError
        where failure.code == .invalidSpec || failure.code == .invalidRule
        || failure.code == .notFound || failure.code == .invalidRequest
      {
        return try await list(
          state: state, caller: caller, command: request.auditCommand,
          top: Layout.notice(failure.description, kind: "error"), spec: text, status: .unprocessableContent)
      }
    }
    routes.add(
      .get, "/tags/:name", .readDashboards, kind: .page, "One tag: definition, history of applies, profile."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let detail = try await state.read(TagDetailWorkflow(name: name), caller: caller, command: request.auditCommand)
      // The members download's column chooser, once the tag was applied, for a role that may export.
      let columns =
        detail.report != nil && caller.role.allows(.exportData)
        ? try await state.read(
          MemberColumnChoicesWorkflow(source: .tag(name, value: nil)), caller: caller, command: request.auditCommand)
        : nil
      return PageResponse.page(
        "Tag \(name)", area: .tags, caller: caller, tag(detail, memberColumns: columns, caller: caller))
    }
  }

  /// The list page, with `top` above it and the define form holding `spec`.
  static func list(
    state: ServerState, caller: Caller, command: String, top: HTML, spec: String, status: HTTPResponse.Status = .ok
  ) async throws -> Response {
    let tags = try await state.read(ListTagsWorkflow(), caller: caller, command: command)
    let periods = try await state.read(ListPeriodsWorkflow(), caller: caller, command: command)
    let rows = tags.map { tag -> [HTML] in
      [
        "<a href=\"/tags/\(urlPart(tag.name))\">\(tag.name)</a>", "\(Show.label(tag.label))", "\(tag.category)",
        "<code>\(tag.rule)</code>", "\(tag.version.map(String.init) ?? "–")",
        tag.count.map { "\(Show.count($0))" } ?? "–", coverageBar(tag.coverage),
        tag.stale
          ? "<span class=\"badge queued\">not applied</span>" : "<span class=\"badge succeeded\">current</span>",
      ]
    }
    var html: HTML = "<h1>标签 Tags</h1>\n\(top)"
    html +=
      tags.isEmpty
      ? "<p class=\"empty\">No tags yet.</p>"
      : Layout.table(
        ["tag", "label", "category", "rule", "version", "customers", "coverage", "state"], rows, numeric: [4, 5],
        id: "tags-table")
    if caller.role.allows(.editTags) {
      html += """
        <section class="panel"><h2>应用 Apply every tag</h2>
        \(Forms.job(kind: "apply-tags", id: "apply-tags-form", submit: "Apply the tags", after: "/tags", "<label>Period \(Forms.periods(periods))</label>"))
        </section>
        <section class="panel"><h2>定义 Define tags</h2>
        <form method="post" action="/tags/define" class="stack" id="define-tags-form">\(Layout.csrfField(caller))
        <label>Tag spec (YAML, docs/tags.md) <textarea name="spec" rows="12" spellcheck="false" required placeholder="tags:&#10;  - name: heavy_data&#10;    category: business&#10;    label: {zh: 流量大户, en: Heavy data user}&#10;    rule: data_mb &gt; 500">\(spec)</textarea></label>
        <label>Check the rules against period \(Forms.periods(periods))</label>
        <div class="actions"><button type="submit">Define</button></div>
        </form></section>

        """
    }
    return PageResponse.page("Tags", area: .tags, caller: caller, status: status, html)
  }

  /// One tag: its definition, its applies (newest first) and the profile of its latest apply.
  static func tag(
    _ detail: TagDetailWorkflow.Output, memberColumns: MemberColumnChoicesWorkflow.Output? = nil,
    caller: Caller? = nil
  ) -> HTML {
    let entry = detail.tag
    let name = entry.name
    let history = Array(detail.versions.reversed())
    var html: HTML = """
      <h1>标签 <span class="name">\(name)</span></h1>
      <p class="summary">\(Show.label(entry.label)) · \(entry.category)\(entry.family.map { " · family \($0)" } ?? "")</p>
      <p>\(entry.description)</p>
      <p>Rule: <code>\(entry.rule)</code></p>
      \(entry.stale ? Layout.notice("The definition changed since the last apply, or the tag was never applied.") : HTML.empty)
      <p><a href="/rules?rule=\(urlPart("tag(\"\(name)\")"))">Try it in the rule editor →</a></p>

      """
    html += "<section><h2>历史 Applies (gained and lost)</h2>"
    if history.isEmpty {
      html += "<p class=\"empty\">Never applied.</p></section>\n"
      return html
    }
    html += Layout.scroll(Charts.gainedLost(history))
    html += Layout.table(
      ["version", "applied", "customers", "coverage", "gained", "lost", "rule"],
      history.map { apply in
        [
          "\(apply.version)", "\(apply.appliedAt)", "\(Show.count(apply.count))", "\(Show.percent(apply.coverage))",
          "+\(Show.count(apply.gained))", "−\(Show.count(apply.lost))", "<code>\(apply.rule)</code>",
        ]
      }, numeric: [0, 2, 3, 4, 5], id: "tag-history")
    html += "</section>\n"
    guard let report = detail.report else { return html }
    html += """
      <section><h2>画像 Profile of version \(report.version)</h2>
      <p class="summary">\(Show.count(report.count)) of \(Show.count(report.customers)) customers (\(Show.percent(report.coverage)))\(report.period.map { " · period \($0)" } ?? "")</p>

      """
    let features = report.features.sorted { $0.importance > $1.importance }.prefix(15).map { feature -> [HTML] in
      [
        "\(Show.label(feature.label))", "\(Show.number(feature.taggedMean))", "\(Show.number(feature.overallMean))",
        "\(Show.number(feature.index))", "\(Show.fixed(feature.importance, 2))",
      ]
    }
    html += "<h3>Features that set the tagged apart</h3>"
    html += Layout.table(
      ["feature", "tagged mean", "everyone's mean", "index", "importance"], features, numeric: [1, 2, 3, 4],
      id: "tag-features")
    let categories = report.categories.flatMap { category in
      category.top.map { value -> [HTML] in
        [
          "\(category.column)", "\(value.value)", "\(Show.percent(value.taggedShare))",
          "\(Show.percent(value.overallShare))",
        ]
      }
    }
    if !categories.isEmpty {
      html += "<h3>Top values among the tagged</h3>"
      html += Layout.table(["column", "value", "among the tagged", "among everyone"], categories, numeric: [2, 3])
    }
    html += "</section>\n"
    if let memberColumns, let caller {
      html += "<section id=\"members\"><h2>成员 Members</h2>\n"
      html += MembersForm.form(
        action: "/tags/\(urlPart(name))/members", id: "tag-members-form", choices: memberColumns, caller: caller,
        submit: "Download the \(Show.count(report.count)) members (CSV)")
      html += "</section>\n"
    }
    return html
  }

  /// A coverage share as a small bar and its percentage.
  static func coverageBar(_ coverage: Double?) -> HTML {
    guard let coverage, coverage.isFinite else { return "–" }
    let width = Int((min(1, max(0, coverage)) * 100).rounded())
    return """
      <svg class="minibar" width="100" height="10" viewBox="0 0 100 10" role="img" aria-label="coverage"><rect width="100" height="10" class="track"/><rect width="\(width)" height="10" class="fill"/></svg> \(Show.percent(coverage))
      """
  }
}
