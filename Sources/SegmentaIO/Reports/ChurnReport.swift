import Foundation
import SegmentaCore

/// The churn section of the reports: a stored churn model's evaluation, as JSON, Markdown or
/// self-contained HTML with inline SVG charts.
package struct ChurnReport: Sendable, Encodable {
  package var version: Int
  package var createdAt: String
  package var model: ChurnModelKind
  package var label: String
  package var period: String?
  package var features: Int
  package var customers: Int
  package var churners: Int
  package var churnRate: Double
  package var folds: Int
  package var seed: UInt64
  package var auc: Double
  package var foldAUCs: [Double]
  package var pooledAUC: Double
  package var logLoss: Double
  package var topDecileLift: Double
  package var gains: [GainsRow]
  package var calibration: [CalibrationBin]
  package var importance: [ChurnFeatureImportance]
  package var importanceKind: String
  /// The lowest scores of the high and medium risk bands.
  package var bandThresholds: [String: Double]

  private enum CodingKeys: String, CodingKey {
    case version, createdAt, model, label, period, features, customers, churners, churnRate, folds, seed, auc
    case foldAUCs = "fold_aucs"
    case pooledAUC = "pooled_auc"
    case logLoss, topDecileLift, gains, calibration, importance, importanceKind, bandThresholds
  }

  /// The report of `stored`.
  package init(_ stored: StoredChurnModel) {
    let evaluation = stored.evaluation
    version = stored.version
    createdAt = stored.createdAt
    model = stored.model.kind
    label = stored.label.description
    period = stored.period
    features = stored.features.count
    customers = evaluation.customers
    churners = evaluation.churners
    churnRate = evaluation.customers > 0 ? Double(evaluation.churners) / Double(evaluation.customers) : .nan
    folds = stored.options.folds
    seed = stored.options.seed
    auc = evaluation.auc
    foldAUCs = evaluation.foldAUCs
    pooledAUC = evaluation.pooledAUC
    logLoss = evaluation.logLoss
    topDecileLift = evaluation.topDecileLift
    gains = evaluation.gains
    calibration = evaluation.calibration
    importance = ChurnFeatureImportance.ranked(stored)
    importanceKind = ChurnFeatureImportance.kind(of: stored)
    bandThresholds = ["high": ChurnRiskBand.highThreshold, "medium": ChurnRiskBand.mediumThreshold]
  }

  /// The report as Markdown.
  package func markdown() -> String {
    var text = "# 流失倾向 Churn model v\(version)\n\n"
    text +=
      "\(model == .gbt ? "Gradient-boosted trees" : "Logistic regression") · label: \(label)"
      + (period.map { " · period \($0)" } ?? "") + " · \(features) features · made \(createdAt)\n\n"
    text += "| measure | value |\n|---|---|\n"
    text += "| customers | \(ReportText.grouped(customers)) |\n"
    text += "| churners | \(ReportText.grouped(churners)) (\(ReportText.percent(churnRate))) |\n"
    text +=
      folds >= 2
      ? "| AUC (mean of \(folds) folds) | \(ReportText.fixed(auc)) |\n"
      : "| AUC (training customers, no cross-validation) | \(ReportText.fixed(auc)) |\n"
    text += "| fold AUCs | \(foldAUCs.map { ReportText.fixed($0) }.joined(separator: ", ")) |\n"
    text += "| pooled out-of-fold AUC | \(ReportText.fixed(pooledAUC)) |\n"
    text += "| log loss | \(ReportText.fixed(logLoss)) |\n"
    text += "| top-decile lift | \(ReportText.fixed(topDecileLift, 2)) |\n\n"
    text += "## 增益 Gains by decile\n\n"
    text += "| decile | customers | churners | churn rate | lift | cumulative gain | cumulative lift | lowest score |\n"
    text += "|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for row in gains {
      text +=
        "| \(row.decile) | \(ReportText.grouped(row.customers)) | \(ReportText.grouped(row.churners)) | "
        + "\(ReportText.percent(row.churnRate)) | \(ReportText.fixed(row.lift, 2)) | "
        + "\(ReportText.percent(row.cumulativeChurnerShare)) | \(ReportText.fixed(row.cumulativeLift, 2)) | "
        + "\(ReportText.fixed(row.minimumScore)) |\n"
    }
    text += "\n## 校准 Calibration\n\n| score bin | customers | mean score | churn rate |\n|---|---:|---:|---:|\n"
    for bin in calibration {
      text +=
        "| \(ReportText.fixed(bin.lower, 1))–\(ReportText.fixed(bin.upper, 1)) | \(ReportText.grouped(bin.customers)) | "
        + "\(ReportText.fixed(bin.meanScore)) | \(ReportText.percent(bin.churnRate)) |\n"
    }
    text += "\n## 特征重要性 Feature importance\n\n\(importanceKind).\n\n| feature | importance |\n|---|---:|\n"
    for item in importance {
      text += "| \(ReportText.both(item.label)) (`\(item.feature)`) | \(ReportText.fixed(item.importance)) |\n"
    }
    text +=
      "\nRisk bands of `churn score`: high ≥ \(ReportText.fixed(ChurnRiskBand.highThreshold, 2)), "
      + "medium ≥ \(ReportText.fixed(ChurnRiskBand.mediumThreshold, 2)), low below.\n"
    return text
  }

  /// The report as one self-contained HTML document.
  package func html() -> String {
    let escape = HTMLReport.escape
    var html = """
      <!DOCTYPE html>
      <html lang="zh-CN">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escape("Churn model v\(version)"))</title>
      <style>\(HTMLReport.style)</style>
      </head>
      <body>

      """
    html += "<h1>流失倾向 Churn model <small>v\(version)</small></h1>\n"
    html +=
      "<p class=\"summary\">\(model == .gbt ? "Gradient-boosted trees" : "Logistic regression") · label: \(escape(label))"
      + (period.map { " · period \(escape($0))" } ?? "") + " · \(features) features · made \(escape(createdAt))</p>\n"
    html += "<div class=\"metrics\">"
    html += HTMLReport.metric(
      "AUC", ReportText.fixed(auc), folds >= 2 ? "mean of \(folds) folds" : "training customers, no cross-validation")
    html += HTMLReport.metric("Top-decile lift", ReportText.fixed(topDecileLift, 2), "churn rate ÷ overall")
    html += HTMLReport.metric(
      "Churners", ReportText.grouped(churners), "\(ReportText.percent(churnRate)) of \(ReportText.grouped(customers))")
    html += HTMLReport.metric("Log loss", ReportText.fixed(logLoss), "out of fold")
    html += "</div>\n"
    html +=
      "<p class=\"rule\">Fold AUCs: \(foldAUCs.map { ReportText.fixed($0) }.joined(separator: ", ")); pooled out-of-fold AUC \(ReportText.fixed(pooledAUC)).</p>\n"
    html += "<h2>增益 Gains</h2>\n<div class=\"row\">\n" + Self.gainsChart(gains) + gainsTable() + "</div>\n"
    html += "<h2>校准 Calibration</h2>\n<div class=\"row\">\n" + Self.calibrationChart(calibration)
    html += "<table><tr><th>score bin</th><th>customers</th><th>mean score</th><th>churn rate</th></tr>\n"
    for bin in calibration {
      html +=
        "<tr><td>\(ReportText.fixed(bin.lower, 1))–\(ReportText.fixed(bin.upper, 1))</td><td>\(ReportText.grouped(bin.customers))</td>"
        + "<td>\(ReportText.fixed(bin.meanScore))</td><td>\(ReportText.percent(bin.churnRate))</td></tr>\n"
    }
    html += "</table>\n</div>\n"
    html += "<h2>特征重要性 Feature importance</h2>\n<p class=\"hint\">\(escape(importanceKind)).</p>\n"
    html += "<table><tr><th>feature</th><th>importance</th></tr>\n"
    for item in importance {
      html +=
        "<tr><td>\(escape(ReportText.both(item.label))) <code>\(escape(item.feature))</code></td><td>\(ReportText.fixed(item.importance))</td></tr>\n"
    }
    html += "</table>\n"
    html +=
      "<p class=\"hint\">Risk bands of <code>churn score</code>: high ≥ \(ReportText.fixed(ChurnRiskBand.highThreshold, 2)), medium ≥ \(ReportText.fixed(ChurnRiskBand.mediumThreshold, 2)), low below.</p>\n"
    html += "<p class=\"footer\">Segmenta · self-contained report</p>\n</body>\n</html>\n"
    return html
  }

  private func gainsTable() -> String {
    var html =
      "<table><tr><th>decile</th><th>customers</th><th>churners</th><th>churn rate</th><th>lift</th><th>cumulative gain</th><th>cumulative lift</th></tr>\n"
    for row in gains {
      html +=
        "<tr><td>\(row.decile)</td><td>\(ReportText.grouped(row.customers))</td><td>\(ReportText.grouped(row.churners))</td>"
        + "<td>\(ReportText.percent(row.churnRate))</td><td>\(ReportText.fixed(row.lift, 2))</td>"
        + "<td>\(ReportText.percent(row.cumulativeChurnerShare))</td><td>\(ReportText.fixed(row.cumulativeLift, 2))</td></tr>\n"
    }
    return html + "</table>\n"
  }

  /// The cumulative gains curve (share of churners reached against share of customers contacted,
  /// highest scores first) beside the diagonal of a random order, as an inline SVG chart.
  package static func gainsChart(_ gains: [GainsRow]) -> String {
    let points = [(0.0, 0.0)] + gains.map { ($0.cumulativeCustomerShare, $0.cumulativeChurnerShare) }
    return squareChart(
      title: "Cumulative gains", xLabel: "customers contacted", yLabel: "churners reached",
      points: points.filter { $0.0.isFinite && $0.1.isFinite }, line: true, cssClass: "gains-chart")
  }

  /// Mean score against observed churn rate per score bin beside the diagonal of a perfectly
  /// calibrated model, as an inline SVG chart.
  package static func calibrationChart(_ bins: [CalibrationBin]) -> String {
    squareChart(
      title: "Calibration", xLabel: "mean score", yLabel: "observed churn rate",
      points: bins.filter { $0.customers > 0 && $0.meanScore.isFinite && $0.churnRate.isFinite }.map {
        ($0.meanScore, $0.churnRate)
      }, line: true, cssClass: "calibration-chart")
  }

  /// A 0–1 × 0–1 chart of `points` with the diagonal.
  private static func squareChart(
    title: String, xLabel: String, yLabel: String, points: [(Double, Double)], line: Bool, cssClass: String
  ) -> String {
    let size = 300.0
    let margin = 40.0
    func x(_ value: Double) -> String { String(format: "%.1f", margin + min(max(value, 0), 1) * size) }
    func y(_ value: Double) -> String { String(format: "%.1f", margin + size - min(max(value, 0), 1) * size) }
    var svg =
      "<svg class=\"\(cssClass)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size + 2 * margin))\" height=\"\(Int(size + 2 * margin))\" role=\"img\" aria-label=\"\(HTMLReport.escape(title))\">"
    svg += "<title>\(HTMLReport.escape(title))</title>"
    svg +=
      "<rect x=\"\(margin)\" y=\"\(margin)\" width=\"\(size)\" height=\"\(size)\" fill=\"none\" stroke=\"#ccd3db\"/>"
    for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
      svg +=
        "<text x=\"\(x(tick))\" y=\"\(y(0))\" dy=\"16\" font-size=\"11\" text-anchor=\"middle\">\(Int(tick * 100))%</text>"
      svg +=
        "<text x=\"\(margin - 4)\" y=\"\(y(tick))\" dy=\"4\" font-size=\"11\" text-anchor=\"end\">\(Int(tick * 100))%</text>"
    }
    svg +=
      "<line x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(1))\" y2=\"\(y(1))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
    if line && points.count > 1 {
      svg +=
        "<polyline fill=\"none\" stroke=\"#0b5394\" stroke-width=\"2\" points=\"\(points.map { "\(x($0.0)),\(y($0.1))" }.joined(separator: " "))\"/>"
    }
    for point in points {
      svg += "<circle cx=\"\(x(point.0))\" cy=\"\(y(point.1))\" r=\"3\" fill=\"#0b5394\"/>"
    }
    svg +=
      "<text x=\"\(margin + size / 2)\" y=\"\(size + 2 * margin - 4)\" font-size=\"12\" text-anchor=\"middle\">\(HTMLReport.escape(xLabel))</text>"
    svg +=
      "<text x=\"12\" y=\"\(margin + size / 2)\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(margin + size / 2))\">\(HTMLReport.escape(yLabel))</text>"
    svg +=
      "<text x=\"\(margin)\" y=\"\(margin - 10)\" font-size=\"13\" font-weight=\"bold\">\(HTMLReport.escape(title))</text>"
    return svg + "</svg>\n"
  }
}
