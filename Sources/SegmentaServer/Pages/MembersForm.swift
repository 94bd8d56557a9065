import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// The "download members (CSV)" form of the segment explorer, a tag's page and the rules page: a column
/// chooser (the default columns ticked), more columns by name, the reveal box for a role that may reveal
/// contacts; and the page routes that answer it with the CSV (``MembersWorkflow``, audited).
enum MembersForm {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .post, "/segments/:name/members", .exportData, kind: .page,
      "A segment's members as CSV (form: version, segment, the columns chosen, reveal; recorded in the export audit)."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let form = context.form
      let segment = form["segment"].flatMap { $0.isEmpty ? nil : $0 } ?? "1"
      return try await download(
        .segment(segmentation: name, version: form["version"].flatMap { Int($0) }, segment: segment),
        filename: "\(name)-segment-\(segment)-members.csv", request: request, context: context, caller: caller,
        state: state)
    }
    routes.add(
      .post, "/tags/:name/members", .exportData, kind: .page,
      "The customers carrying a tag as CSV (form: the columns chosen, reveal; recorded in the export audit)."
    ) { request, context, caller in
      let name = try context.parameter("name")
      return try await download(
        .tag(name, value: nil), filename: "\(name)-members.csv", request: request, context: context, caller: caller,
        state: state)
    }
    routes.add(
      .post, "/rules/members", .exportData, kind: .page,
      "The customers a rule selects as CSV (form: rule, period, the columns chosen, reveal; recorded in the export audit)."
    ) { request, context, caller in
      let rule = try MembersAPI.rule(context.form["rule"])
      return try await download(
        .rule(rule), filename: "rule-members.csv", request: request, context: context, caller: caller, state: state)
    }
  }

  /// Runs the download the form asked for.
  static func download(
    _ source: MembersWorkflow.Source, filename: String, request: Request, context: AppContext, caller: Caller,
    state: ServerState
  ) async throws -> Response {
    let form = context.form
    let columns = try columns(form)
    let period = form["period"].flatMap { $0.isEmpty ? nil : $0 }
    let reveal = form["reveal"] == "on" || form["reveal"] == "1"
    return try await CSVTransfer.download(filename: filename, state: state, caller: caller, request: request) {
      path in MembersWorkflow(source: source, columns: columns, period: period, out: path, limit: 0, reveal: reveal)
    }
  }

  /// The columns a form chose: the ticked boxes (`column.N`, in N's order), then the comma-separated
  /// `columns`; nil when none (the default columns).
  static func columns(_ form: [String: String]) throws(SegmentaError) -> [String]? {
    let ticked = form.compactMap { key, value -> (Int, String)? in
      guard key.hasPrefix("column."), let index = Int(key.dropFirst("column.".count)) else { return nil }
      return (index, value)
    }.sorted { $0.0 < $1.0 }.map(\.1)
    let typed = try MembersAPI.columns(form["columns"]) ?? []
    let chosen = ticked + typed
    return chosen.isEmpty ? nil : chosen
  }

  /// The form posting to `action`: `fields` (hidden fields, a segment select …), the column chooser from
  /// `choices` and the submit button `submit`.
  static func form(
    action: String, id: String, choices: MemberColumnChoicesWorkflow.Output, caller: Caller, fields: HTML = .empty,
    submit: String
  ) -> HTML {
    let boxes = choices.choices.enumerated().map { index, choice -> HTML in
      let ticked = choices.defaults.contains(choice.name)
      let note: HTML = choice.kind == "personal" ? " <small>(personal, masked)</small>" : .empty
      return
        "<label class=\"check\"><input type=\"checkbox\" name=\"column.\(index)\" value=\"\(choice.name)\"\(HTML.attribute("checked", when: ticked))> \(choice.name)\(note)</label>"
    }
    let reveal: HTML =
      caller.role.allows(.revealContacts)
      ? "<label class=\"check\"><input type=\"checkbox\" name=\"reveal\" value=\"on\"> Show personal columns unmasked (audited)</label>"
      : .empty
    return """
      <form method="post" action="\(action)" class="stack members-form" id="\(id)">\(Layout.csrfField(caller))
      \(fields)
      <details><summary>Columns (customer_id first; \(choices.defaults.isEmpty ? "the fields the rule reads" : choices.defaults.joined(separator: ", ")) by default)</summary>
      <div class="column-choices">\(boxes)</div>
      </details>
      \(Forms.text("More columns (comma-separated)", name: "columns", placeholder: "segment(demo), phone"))
      \(reveal)
      <div class="actions"><button type="submit">\(submit)</button></div>
      <p class="hint">Personal columns (phones, e-mail addresses, names, id numbers) are masked unless revealed; every download is recorded in the export audit with your name.</p>
      </form>
      """
  }
}
