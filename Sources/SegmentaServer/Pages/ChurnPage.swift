import Foundation
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `/churn`: the churn model's quality (AUC, fold AUCs, gains and calibration charts, feature
/// importance), a form that fits a model as a job and a button that scores every customer.
enum ChurnPage {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .get, "/churn", .readDashboards, kind: .page,
      "The churn model: AUC, gains and calibration charts, importance; forms to fit and score."
    ) { request, _, caller in
      let command = request.auditCommand
      let report: ChurnReport?
      do {
        report = try await state.read(ChurnReportWorkflow(format: .json), caller: caller, command: command).report
      } catch let error as SegmentaError where error.code == .missingPrerequisite {
        report = nil
      }
      let periods = try await state.read(ListPeriodsWorkflow(), caller: caller, command: command)
      let done: HTML =
        try request.queryText("done") == "scored"
        ? Layout.notice("Every customer was scored into churn_score and churn_risk.") : .empty
      return PageResponse.page(
        "Churn", area: .churn, caller: caller, done + page(report, periods: periods, caller: caller))
    }
    routes.add(
      .post, "/churn/score", .segment, kind: .page,
      "Score every customer with the churn model (churn_score, churn_risk); back to the churn page."
    ) { request, _, caller in
      _ = try await state.write(ChurnScoreWorkflow(), caller: caller, command: request.auditCommand)
      return PageResponse.redirect("/churn?done=scored")
    }
  }

  static func page(_ report: ChurnReport?, periods: [PeriodInfo], caller: Caller) -> HTML {
    var html: HTML = "<h1>流失倾向 Churn</h1>\n"
    if let report {
      html += """
        <p class="summary" id="churn-summary">Model v\(report.version) · \(report.model == .gbt ? "gradient-boosted trees" : "logistic regression") · label: \(report.label) · \(report.features) features · made \(report.createdAt)</p>
        <div class="metrics" id="churn-metrics">
        \(SegmentsPage.metric("AUC", Show.fixed(report.auc), report.folds >= 2 ? "mean of \(report.folds) folds" : "training customers, no cross-validation"))
        \(SegmentsPage.metric("Top-decile lift", Show.fixed(report.topDecileLift, 2), "churn rate ÷ overall"))
        \(SegmentsPage.metric("Churners", Show.count(report.churners), "\(Show.percent(report.churnRate)) of \(Show.count(report.customers))"))
        </div>
        <p class="hint">Fold AUCs: \(report.foldAUCs.map { Show.fixed($0) }.joined(separator: ", ")).</p>
        <div class="row">
        \(HTML(raw: ChurnReport.gainsChart(report.gains)))
        \(HTML(raw: ChurnReport.calibrationChart(report.calibration)))
        </div>

        """
      html += "<h2>增益 Gains by decile</h2>\n"
      html += Layout.table(
        ["decile", "customers", "churners", "churn rate", "lift", "cumulative gain"],
        report.gains.map { row in
          [
            "\(row.decile)", "\(Show.count(row.customers))", "\(Show.count(row.churners))",
            "\(Show.percent(row.churnRate))", "\(Show.fixed(row.lift, 2))",
            "\(Show.percent(row.cumulativeChurnerShare))",
          ]
        }, numeric: [0, 1, 2, 3, 4, 5], id: "churn-gains")
      html += "<h2>特征重要性 Feature importance</h2>\n<p class=\"hint\">\(report.importanceKind).</p>\n"
      html += Layout.table(
        ["feature", "importance"],
        report.importance.map { ["\(Show.label($0.label)) (\($0.feature))", "\(Show.fixed($0.importance))"] },
        numeric: [1], id: "churn-importance")
      if caller.role.allows(.segment) {
        html += """
          <form method="post" action="/churn/score" class="inline">\(Layout.csrfField(caller))
          <button type="submit" id="churn-score">Score every customer (churn_score, churn_risk)</button></form>
          <p class="hint">Bands: high ≥ \(Show.fixed(ChurnRiskBand.highThreshold, 2)), medium ≥ \(Show.fixed(ChurnRiskBand.mediumThreshold, 2)), low below; rules read <code>churn_score &gt; 0.7</code> and <code>segment(churn_risk) = "high"</code>.</p>

          """
      }
    } else {
      html += "<p class=\"empty\" id=\"churn-empty\">No churn model yet.</p>\n"
    }
    if caller.role.allows(.segment) {
      html += "<section class=\"panel\"><h2>拟合模型 Fit a churn model</h2>\n"
      html += Forms.job(
        kind: "churn_fit", id: "churn-form", submit: "Fit the churn model", after: "/churn", url: "/api/v1/churn/fit",
        """
        <div class="grid">
        \(Forms.text("Label column (0/1)", name: "label", placeholder: "churned", id: "churn-label"))
        \(Forms.text("Features (comma-separated, or all)", name: "features", value: "all"))
        <label>Model <select name="model"><option value="logistic">logistic regression</option><option value="gbt">gradient-boosted trees</option></select></label>
        <label>Folds <input type="number" name="folds" min="2" max="20" value="5"></label>
        <label>Permutation importance: shuffles per feature (0: the model's own) <input type="number" name="permutation_repeats" min="0" max="100" value="0"></label>
        <label>Period \(Forms.periods(periods))</label>
        </div>
        """)
      html += "</section>\n"
    }
    return html
  }
}
