import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// `/rules`: the rule editor.
///
/// Typing a rule asks `POST /api/v1/rules/check` (debounced, a stale request
/// cancelled) for the customers it selects, or for the position and reason of its first error.
enum RulesPage {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(.get, "/rules", .readDashboards, kind: .page, "The rule editor with a live match count.") {
      request, _, caller in
      let command = request.auditCommand
      let status = try await state.read(WorkspaceStatusWorkflow(), caller: caller, command: command)
      let tags = try await state.read(ListTagsWorkflow(), caller: caller, command: command)
      let initial = request.query("rule") ?? ""
      let columns =
        caller.role.allows(.exportData)
        ? try await state.read(MemberColumnChoicesWorkflow(), caller: caller, command: command) : nil
      return PageResponse.page(
        "Rules", area: .rules, caller: caller,
        page(status, tags: tags, rule: initial, memberColumns: columns, caller: caller))
    }
  }

  static func page(
    _ status: WorkspaceStatusWorkflow.Output, tags: [ListTagsWorkflow.Entry], rule: String,
    memberColumns: MemberColumnChoicesWorkflow.Output? = nil, caller: Caller? = nil
  ) -> HTML {
    // The download takes the editor's rule and period (copied in by the script as it is sent).
    let download: HTML =
      if let memberColumns, let caller {
        "<section id=\"rule-members\"><h2>成员 Download the members (CSV)</h2>\n"
          + MembersForm.form(
            action: "/rules/members", id: "rule-members-form", choices: memberColumns, caller: caller,
            fields: """
              <input type="hidden" name="rule" value="\(rule)" data-copy-from="#rule-text">
              <input type="hidden" name="period" value="" data-copy-from="#rule-editor select[name=period]">
              """, submit: "Download the rule's members (CSV)") + "</section>\n"
      } else {
        .empty
      }
    let fields = status.columns.filter { !$0.personal }.map { column -> HTML in
      "<li><code>\(column.name)</code> <small>\(column.type.rawValue)</small></li>"
    }
    let segmentations = status.segmentations.map {
      "<li><code>segment(\($0.name))</code> <small>1–\($0.segments)</small></li>" as HTML
    }
    let tagItems = tags.map {
      "<li><code>tag(\"\($0.name)\")</code> <small>\(Show.label($0.label))</small></li>" as HTML
    }
    return """
      <h1>规则 Rule editor</h1>
      <p class="hint">A rule selects customers: <code>arpu &gt; 100 and city in ["北京", "上海"]</code>, <code>segment(usage) = 3</code>, <code>tag("stock_investor") and not vip</code>. The count updates as you type.</p>
      <form class="stack rule-editor" id="rule-editor" data-rule-check="#rule-result">
      <label>Rule <textarea name="rule" id="rule-text" rows="3" spellcheck="false" autocomplete="off" autocapitalize="off">\(rule)</textarea></label>
      <label>Period (of the features) \(Forms.periods(status.periods))</label>
      </form>
      <div id="rule-result" class="rule-result" aria-live="polite"><p class="count" id="rule-count">Type a rule.</p><pre class="rule-error" id="rule-error" hidden></pre></div>
      \(download)
      <section class="fields"><h2>可用字段 What a rule can read</h2>
      <div class="columns3">
      <div><h3>Customer columns</h3><ul class="plain">\(fields)</ul><p class="hint">and every feature of the period's wide table.</p></div>
      <div><h3>Segmentations</h3><ul class="plain">\(segmentations)</ul></div>
      <div><h3>Tags</h3><ul class="plain">\(tagItems)</ul></div>
      </div></section>
      """
  }
}
