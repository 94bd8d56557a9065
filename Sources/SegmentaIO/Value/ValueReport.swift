import Foundation
import SegmentaCore

/// The customer-value report: the value table, the concentration of value (Lorenz curve), the RFM
/// grid, the lifetime-value models with their P(alive) matrix and calibration-versus-holdout check.
package struct ValueReport: Sendable, Codable, Equatable {
  /// The value table the report reads.
  package struct Table: Sendable, Codable, Equatable {
    package var label: String
    package var asOf: String
    package var calibrationEnd: String?
    package var timeUnit: ValueTimeUnit
    package var customers: Int
    package var transactions: Int

    /// Creates the value.
    package init(
      label: String, asOf: String, calibrationEnd: String?, timeUnit: ValueTimeUnit, customers: Int, transactions: Int
    ) {
      self.label = label
      self.asOf = asOf
      self.calibrationEnd = calibrationEnd
      self.timeUnit = timeUnit
      self.customers = customers
      self.transactions = transactions
    }
  }

  /// The concentration of one value column.
  package struct Pareto: Sendable, Codable, Equatable {
    package var column: String
    package var analysis: ParetoAnalysis
    package var tierNames: [FeatureLabel]
    /// The rule that chose the customers analysed (`value pareto --where`); nil for every customer.
    package var rule: String?

    /// Creates the value.
    package init(column: String, analysis: ParetoAnalysis, tierNames: [FeatureLabel], rule: String? = nil) {
      self.column = column
      self.analysis = analysis
      self.tierNames = tierNames
      self.rule = rule
    }
  }

  /// One RFM segment.
  package struct RFMSegment: Sendable, Codable, Equatable {
    package var name: FeatureLabel
    package var customers: Int
    package var totalValue: Double

    /// Creates the value.
    package init(name: FeatureLabel, customers: Int, totalValue: Double) {
      self.name = name
      self.customers = customers
      self.totalValue = totalValue
    }
  }

  /// The RFM scores and grid.
  package struct RFM: Sendable, Codable, Equatable {
    package var bins: Int
    package var segments: [RFMSegment]
    /// Customers by recency score (rows) and frequency score (columns).
    package var counts: [[Int]]
    /// The grid's 1-based segment of each cell of the 5 × 5 table.
    package var gridSegments: [[Int]]

    /// Creates the value.
    package init(bins: Int, segments: [RFMSegment], counts: [[Int]], gridSegments: [[Int]]) {
      self.bins = bins
      self.segments = segments
      self.counts = counts
      self.gridSegments = gridSegments
    }
  }

  /// The lifetime-value models.
  package struct Lifetime: Sendable, Codable, Equatable {
    package var parameters: [String: Double]
    package var horizonMonths: Int
    package var discount: Double
    package var column: String
    package var totalClv: Double
    package var meanClv: Double
    package var meanProbabilityAlive: Double
    package var calibration: [ValueDiagnostics.CalibrationRow]
    package var matrixRecencies: [Double]
    package var matrixFrequencies: [Int]
    package var matrix: [[Double]]

    /// Creates the value.
    package init(
      parameters: [String: Double], horizonMonths: Int, discount: Double, column: String, totalClv: Double,
      meanClv: Double, meanProbabilityAlive: Double, calibration: [ValueDiagnostics.CalibrationRow],
      matrixRecencies: [Double], matrixFrequencies: [Int], matrix: [[Double]]
    ) {
      self.parameters = parameters
      self.horizonMonths = horizonMonths
      self.discount = discount
      self.column = column
      self.totalClv = totalClv
      self.meanClv = meanClv
      self.meanProbabilityAlive = meanProbabilityAlive
      self.calibration = calibration
      self.matrixRecencies = matrixRecencies
      self.matrixFrequencies = matrixFrequencies
      self.matrix = matrix
    }
  }

  package var table: Table
  package var pareto: Pareto?
  package var rfm: RFM?
  package var lifetime: Lifetime?
  /// The retention matrix (value tier × churn-risk band) when both segmentations exist.
  package var retention: CrossTable?

  /// Creates a report.
  package init(table: Table, pareto: Pareto?, rfm: RFM?, lifetime: Lifetime?, retention: CrossTable? = nil) {
    self.table = table
    self.pareto = pareto
    self.rfm = rfm
    self.lifetime = lifetime
    self.retention = retention
  }
}

/// The Markdown and HTML renderings of a ``ValueReport``.
package enum ValueReportRenderer {
  /// The report as Markdown.
  package static func markdown(_ report: ValueReport) -> String {
    var text = "# 客户价值 Customer value\n\n"
    text +=
      "Value table \(report.table.label): \(ReportText.grouped(report.table.customers)) customers from "
      + "\(ReportText.grouped(report.table.transactions)) transactions, as of \(report.table.asOf), in \(report.table.timeUnit.rawValue)"
      + (report.table.calibrationEnd.map { ", calibration to \($0)" } ?? "") + ".\n\n"
    if let pareto = report.pareto {
      let a = pareto.analysis
      text += "## 二八分布 Pareto of `\(pareto.column)`\n\n"
      if let rule = pareto.rule {
        let code = rule.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "`", with: "'")
        text += "Only the customers matching `\(code)`.\n\n"
      }
      text += "| measure | value |\n|---|---|\n"
      text += "| customers | \(ReportText.grouped(a.customers)) |\n| total | \(ReportText.number(a.total)) |\n"
      text += "| share of value from the top 20 % | \(ReportText.percent(a.topFifthShare)) |\n"
      text += "| share of customers giving 80 % | \(ReportText.percent(a.customersForFourFifths)) |\n"
      text += "| Gini | \(ReportText.fixed(a.gini)) |\n\n"
      text += "| tier | customers | value |\n|---|---:|---:|\n"
      for (i, name) in pareto.tierNames.enumerated() where i < a.tierSizes.count {
        text +=
          "| \(ReportText.both(name)) | \(ReportText.grouped(a.tierSizes[i])) | \(ReportText.number(a.tierValues[i])) |\n"
      }
      text += "\n"
    }
    if let rfm = report.rfm {
      text += "## RFM\n\n| segment | customers | total value |\n|---|---:|---:|\n"
      for segment in rfm.segments {
        text +=
          "| \(ReportText.both(segment.name)) | \(ReportText.grouped(segment.customers)) | \(ReportText.number(segment.totalValue)) |\n"
      }
      text += "\nCustomers by recency score (rows, 5 most recent) and frequency score (columns):\n\n"
      text += "| R \\ F | " + (1...rfm.bins).map(String.init).joined(separator: " | ") + " |\n"
      text += "|---|" + String(repeating: "---:|", count: rfm.bins) + "\n"
      for r in (1...rfm.bins).reversed() {
        text += "| \(r) | " + rfm.counts[r - 1].map(ReportText.grouped).joined(separator: " | ") + " |\n"
      }
      text += "\n"
    }
    if let lifetime = report.lifetime {
      text += "## 客户终身价值 Lifetime value (BG/NBD + Gamma-Gamma)\n\n| parameter | value |\n|---|---:|\n"
      for name in ["r", "alpha", "a", "b", "p", "q", "v"] {
        text += "| \(name) | \(ReportText.fixed(lifetime.parameters[name], 4)) |\n"
      }
      text +=
        "\n\(lifetime.column): total \(ReportText.number(lifetime.totalClv)), mean \(ReportText.number(lifetime.meanClv)) "
        + "(\(lifetime.horizonMonths) months, monthly discount \(ReportText.fixed(lifetime.discount, 3))); mean P(alive) "
        + "\(ReportText.fixed(lifetime.meanProbabilityAlive)).\n\n"
      if !lifetime.calibration.isEmpty {
        text += "| calibration frequency | customers | actual holdout | predicted holdout |\n|---:|---:|---:|---:|\n"
        for row in lifetime.calibration {
          text +=
            "| \(row.frequency) | \(ReportText.grouped(row.customers)) | \(ReportText.fixed(row.actual)) | \(ReportText.fixed(row.predicted)) |\n"
        }
        text += "\n"
      }
    }
    if let retention = report.retention {
      text += "## 挽留矩阵 Retention matrix\n\n" + retentionMarkdown(retention)
    }
    return text
  }

  /// `text` safe inside a Markdown table cell (bars escaped, line breaks as spaces).
  static func markdownCell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  /// The cells of a retention matrix, riskiest first, as a Markdown table.
  static func retentionMarkdown(_ table: CrossTable) -> String {
    var text =
      "| " + table.dimensions.map(\.name).joined(separator: " | ") + " | customers | share | value | value at risk |\n"
    text += "|" + String(repeating: "---|", count: table.dimensions.count) + "---:|---:|---:|---:|\n"
    for cell in table.cells {
      text +=
        "| " + cell.labels.map(markdownCell).joined(separator: " | ")
        + " | \(ReportText.grouped(cell.customers)) | \(ReportText.percent(cell.share)) | "
        + "\(ReportText.number(cell.value)) | \(ReportText.number(cell.valueAtRisk)) |\n"
    }
    return text + "\n"
  }

  /// The report as one self-contained HTML document (inline CSS and SVG, no scripts).
  package static func html(_ report: ValueReport) -> String {
    var html = """
      <!DOCTYPE html>
      <html lang="zh-CN">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(HTMLReport.escape("Customer value \(report.table.label)"))</title>
      <style>\(HTMLReport.style)</style>
      </head>
      <body>
      <h1>客户价值 Customer value <span class="name">\(HTMLReport.escape(report.table.label))</span></h1>

      """
    html +=
      "<p class=\"summary\">\(ReportText.grouped(report.table.customers)) customers · \(ReportText.grouped(report.table.transactions)) transactions · as of \(HTMLReport.escape(report.table.asOf)) · \(report.table.timeUnit.rawValue)</p>\n"
    html += fragments(report)
    html += "</body>\n</html>\n"
    return html
  }

  /// The report's sections as HTML (for the report and the dashboard's Value page).
  package static func fragments(_ report: ValueReport) -> String {
    var html = ""
    if let pareto = report.pareto {
      let a = pareto.analysis
      html += "<h2>二八分布 Pareto of \(HTMLReport.escape(pareto.column))</h2>\n"
      if let rule = pareto.rule {
        html += "<p>Only the customers matching <code>\(HTMLReport.escape(rule))</code>.</p>\n"
      }
      html += "<div class=\"metrics\">"
      html += HTMLReport.metric("Top 20 % share", ReportText.percent(a.topFifthShare), "of total value")
      html += HTMLReport.metric("Customers for 80 %", ReportText.percent(a.customersForFourFifths), "of customers")
      html += HTMLReport.metric("Gini", ReportText.fixed(a.gini), "0 equal, 1 concentrated")
      html += "</div>\n" + lorenzChart(a)
    }
    if let rfm = report.rfm {
      html += "<h2>RFM 网格 RFM grid</h2>\n" + rfmHeatmap(rfm)
    }
    if let retention = report.retention {
      html += "<h2>挽留矩阵 Retention matrix</h2>\n<p>Who to save first: value at risk = Σ value × churn probability.</p>\n"
      html +=
        "<table><tr>" + retention.dimensions.map { "<th>\(HTMLReport.escape($0.name))</th>" }.joined()
        + "<th>customers</th><th>share</th><th>value</th><th>value at risk</th></tr>"
      for cell in retention.cells {
        html +=
          "<tr>" + cell.labels.map { "<td>\(HTMLReport.escape($0))</td>" }.joined()
          + "<td class=\"num\">\(ReportText.grouped(cell.customers))</td><td class=\"num\">\(ReportText.percent(cell.share))</td>"
          + "<td class=\"num\">\(ReportText.number(cell.value))</td><td class=\"num\">\(ReportText.number(cell.valueAtRisk))</td></tr>"
      }
      html += "</table>\n"
    }
    if let lifetime = report.lifetime {
      html += "<h2>客户终身价值 Lifetime value</h2>\n<div class=\"metrics\">"
      for name in ["r", "alpha", "a", "b", "p", "q", "v"] {
        html += HTMLReport.metric(
          name, ReportText.fixed(lifetime.parameters[name], 4),
          name.count == 1 && "pqv".contains(name) ? "Gamma-Gamma" : "BG/NBD")
      }
      html += HTMLReport.metric(lifetime.column, ReportText.number(lifetime.meanClv), "mean per customer")
      html += "</div>\n<h3>P(alive) by frequency and recency</h3>\n" + aliveHeatmap(lifetime)
      if !lifetime.calibration.isEmpty {
        html += "<h3>Calibration vs holdout</h3>\n" + calibrationChart(lifetime.calibration)
      }
    }
    return html
  }

  static func lorenzChart(_ analysis: ParetoAnalysis) -> String {
    let size = 320.0
    let pad = 36.0
    func x(_ v: Double) -> Double { pad + v * (size - 2 * pad) }
    func y(_ v: Double) -> Double { size - pad - v * (size - 2 * pad) }
    let points = analysis.lorenz.map { "\(fmt(x($0.customers))),\(fmt(y($0.value)))" }.joined(separator: " ")
    var svg =
      "<svg class=\"chart\" viewBox=\"0 0 \(Int(size)) \(Int(size))\" width=\"\(Int(size))\" height=\"\(Int(size))\" role=\"img\" aria-label=\"Lorenz curve\">"
    svg +=
      "<line x1=\"\(fmt(x(0)))\" y1=\"\(fmt(y(0)))\" x2=\"\(fmt(x(1)))\" y2=\"\(fmt(y(1)))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
    svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\"/>"
    svg +=
      "<line x1=\"\(fmt(x(0.8)))\" y1=\"\(fmt(y(0)))\" x2=\"\(fmt(x(0.8)))\" y2=\"\(fmt(y(1)))\" stroke=\"#d33\" stroke-width=\"0.8\"/>"
    svg +=
      "<text x=\"\(fmt(x(0.5)))\" y=\"\(fmt(size - 8))\" text-anchor=\"middle\" font-size=\"11\">share of customers (poorest first)</text>"
    svg +=
      "<text x=\"12\" y=\"\(fmt(y(0.5)))\" font-size=\"11\" transform=\"rotate(-90 12 \(fmt(y(0.5))))\" text-anchor=\"middle\">share of value</text>"
    return svg + "</svg>\n"
  }

  /// The recency × frequency grid as an SVG heatmap (customers per cell, the cell's segment named),
  /// coloured by presentation attributes so that pages under a content security policy show it too,
  /// followed by the segments' table.
  static func rfmHeatmap(_ rfm: ValueReport.RFM) -> String {
    let largest = Double(rfm.counts.flatMap { $0 }.max() ?? 1)
    let cellWidth = 104.0
    let cellHeight = 42.0
    let left = 34.0
    let top = 22.0
    let width = left + cellWidth * Double(rfm.bins) + 4
    let height = top + cellHeight * Double(rfm.bins) + 22
    var svg =
      "<svg class=\"chart\" id=\"rfm-heatmap\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" role=\"img\" aria-label=\"RFM grid: customers by recency and frequency score\">"
    for f in 1...rfm.bins {
      svg +=
        "<text x=\"\(fmt(left + cellWidth * (Double(f) - 0.5)))\" y=\"14\" text-anchor=\"middle\" font-size=\"11\">F \(f)</text>"
    }
    for (row, r) in (1...rfm.bins).reversed().enumerated() {
      let y = top + cellHeight * Double(row)
      svg += "<text x=\"2\" y=\"\(fmt(y + cellHeight / 2 + 4))\" font-size=\"11\">R \(r)</text>"
      for f in 1...rfm.bins {
        let count = rfm.counts[r - 1][f - 1]
        let gr = RFMGrid.gridScore(Int8(r), bins: rfm.bins)
        let gf = RFMGrid.gridScore(Int8(f), bins: rfm.bins)
        let segment = rfm.gridSegments[gr - 1][gf - 1]
        let name = segment >= 1 && segment <= rfm.segments.count ? rfm.segments[segment - 1].name.en : ""
        let share = largest > 0 ? Double(count) / largest : 0
        let x = left + cellWidth * Double(f - 1)
        let ink = share > 0.55 ? "#ffffff" : "#1b1f24"
        svg +=
          "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(cellWidth - 2))\" height=\"\(fmt(cellHeight - 2))\" fill=\"\(HTMLReport.color(share))\"><title>R \(r), F \(f): \(ReportText.grouped(count)) · \(HTMLReport.escape(name))</title></rect>"
        svg +=
          "<text x=\"\(fmt(x + cellWidth / 2 - 1))\" y=\"\(fmt(y + 17))\" text-anchor=\"middle\" font-size=\"12\" fill=\"\(ink)\">\(ReportText.grouped(count))</text>"
        svg +=
          "<text x=\"\(fmt(x + cellWidth / 2 - 1))\" y=\"\(fmt(y + 32))\" text-anchor=\"middle\" font-size=\"9\" fill=\"\(ink)\">\(HTMLReport.escape(name))</text>"
      }
    }
    svg +=
      "<text x=\"\(fmt(left))\" y=\"\(fmt(height - 6))\" font-size=\"11\">frequency score →, recency score ↓ (5 best)</text>"
    var html = svg + "</svg>\n<table><tr><th>segment</th><th>customers</th><th>total value</th></tr>"
    for segment in rfm.segments {
      html +=
        "<tr><td>\(HTMLReport.escape(ReportText.both(segment.name)))</td><td>\(ReportText.grouped(segment.customers))</td><td>\(ReportText.number(segment.totalValue))</td></tr>"
    }
    return html + "</table>\n"
  }

  static func aliveHeatmap(_ lifetime: ValueReport.Lifetime) -> String {
    let cell = 12.0
    let left = 40.0
    let top = 16.0
    let width = left + cell * Double(lifetime.matrixFrequencies.count) + 8
    let height = top + cell * Double(lifetime.matrixRecencies.count) + 24
    var svg =
      "<svg class=\"chart\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" role=\"img\" aria-label=\"P(alive) matrix\">"
    for (row, values) in lifetime.matrix.enumerated() {
      // The most recent purchase at the top, as lifetimes plots it.
      let y = top + cell * Double(lifetime.matrix.count - 1 - row)
      for (column, value) in values.enumerated() {
        svg +=
          "<rect x=\"\(fmt(left + cell * Double(column)))\" y=\"\(fmt(y))\" width=\"\(fmt(cell))\" height=\"\(fmt(cell))\" fill=\"\(HTMLReport.color(value.isFinite ? value : 0))\"><title>x=\(lifetime.matrixFrequencies[column]) t=\(fmt(lifetime.matrixRecencies[row])) P=\(ReportText.fixed(value))</title></rect>"
      }
    }
    svg += "<text x=\"\(fmt(left))\" y=\"\(fmt(height - 6))\" font-size=\"11\">frequency →</text>"
    svg += "<text x=\"2\" y=\"\(fmt(top + 10))\" font-size=\"11\">recency ↓</text>"
    return svg + "</svg>\n"
  }

  static func calibrationChart(_ rows: [ValueDiagnostics.CalibrationRow]) -> String {
    let width = 420.0
    let height = 240.0
    let pad = 36.0
    let top = max(rows.map { max($0.actual, $0.predicted) }.max() ?? 1, 1e-9)
    let n = max(1, rows.count - 1)
    func x(_ i: Int) -> Double { pad + Double(i) / Double(n) * (width - 2 * pad) }
    func y(_ v: Double) -> Double { height - pad - v / top * (height - 2 * pad) }
    let actual = rows.enumerated().map { "\(fmt(x($0.offset))),\(fmt(y($0.element.actual)))" }.joined(separator: " ")
    let predicted = rows.enumerated().map { "\(fmt(x($0.offset))),\(fmt(y($0.element.predicted)))" }
      .joined(separator: " ")
    var svg =
      "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"Calibration versus holdout purchases\">"
    svg += "<polyline points=\"\(actual)\" fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\"/>"
    svg +=
      "<polyline points=\"\(predicted)\" fill=\"none\" stroke=\"#d9822b\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
    for (i, row) in rows.enumerated() {
      svg +=
        "<text x=\"\(fmt(x(i)))\" y=\"\(fmt(height - pad + 14))\" text-anchor=\"middle\" font-size=\"10\">\(row.frequency)</text>"
    }
    svg +=
      "<text x=\"\(fmt(pad))\" y=\"14\" font-size=\"11\">holdout purchases: actual (solid) vs predicted (dashed)</text>"
    return svg + "</svg>\n"
  }

  private static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
