import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// `/`: the overview of customers, periods, segmentations, tags, campaigns and recent jobs.
///
/// A role that
/// reads no dashboards (the front line) is sent to the customer lookup.
enum OverviewPage {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .get, "/", nil, kind: .page, "The overview (the customer lookup for roles that read no dashboards)."
    ) { request, _, caller in
      guard caller.role.allows(.readDashboards) else {
        return PageResponse.redirect(caller.role.allows(.readCustomers) ? "/customers" : "/jobs")
      }
      let status = try await state.read(WorkspaceStatusWorkflow(), caller: caller, command: request.auditCommand)
      let jobs = try await JobsPage.recent(caller: caller, state: state, limit: 8)
      return PageResponse.page("Overview", area: .overview, caller: caller, page(status, jobs: jobs, caller: caller))
    }
  }

  static func page(_ status: WorkspaceStatusWorkflow.Output, jobs: [JobRunner.Job], caller: Caller) -> HTML {
    let latestPeriod = status.periods.last
    var html: HTML = """
      <h1>概览 Overview</h1>
      <div class="metrics" id="overview-metrics">
      \(SegmentsPage.metric("客户 Customers", Show.count(status.customers), "\(status.columns.count) columns"))
      \(SegmentsPage.metric("周期 Periods", "\(status.periods.count)", latestPeriod.map { "latest \($0.label)" } ?? "no wide table yet"))
      \(SegmentsPage.metric("分群 Segmentations", "\(status.segmentations.count)", "\(status.segmentations.map(\.versions).reduce(0, +)) versions"))
      \(SegmentsPage.metric("标签 Tags", "\(status.tags.defined)", "\(status.tags.applied) applied"))
      \(SegmentsPage.metric("产品 Products", "\(status.products)", "in the catalogue"))
      \(SegmentsPage.metric("营销 Campaigns", "\(status.campaigns)", "you may see"))
      </div>

      """
    if status.customers == 0 {
      html += Layout.notice("The workspace has no customers yet: upload a customer file on the data page.")
    }
    let segmentations = status.segmentations.map { item -> [HTML] in
      [
        "<a href=\"/segments/\(urlPart(item.name))\">\(item.name)</a>", "\(item.version)",
        "\(Show.count(item.customers))",
        "\(item.segments)", "\(item.period ?? "–")", "\(item.createdAt)",
      ]
    }
    html += "<section><h2>分群 Segmentations</h2>"
    html +=
      segmentations.isEmpty
      ? "<p class=\"empty\">None yet.</p>"
      : Layout.table(
        ["name", "version", "customers", "segments", "period", "made"], segmentations, numeric: [1, 2, 3])
    html += "</section>\n"
    let periods = status.periods.reversed().map { period -> [HTML] in
      [
        "\(period.label)", "\(Show.count(period.customerCount))", "\(period.featureCount)",
        "\(Show.count(period.eventsRead))", "\(period.builtAt)",
      ]
    }
    html += "<section><h2>周期 Periods (wide tables)</h2>"
    html +=
      periods.isEmpty
      ? "<p class=\"empty\">None yet.</p>"
      : Layout.table(["period", "customers", "features", "events read", "built"], periods, numeric: [1, 2, 3])
    html += "</section>\n"
    html += "<section><h2>最近任务 Recent jobs</h2>"
    html += jobs.isEmpty ? "<p class=\"empty\">None yet.</p>" : JobsPage.table(jobs, caller: caller)
    html += "<p><a href=\"/jobs\">All jobs →</a></p></section>\n"
    return html
  }
}
