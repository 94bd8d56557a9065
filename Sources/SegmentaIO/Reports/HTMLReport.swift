import Foundation
import SegmentaCore

/// The HTML rendering of a segmentation report: one self-contained file (inline CSS and SVG, no
/// scripts, fonts or images from the network) that renders Chinese with the system's CJK fonts.
package enum HTMLReport {
  /// The report as an HTML document.
  package static func render(_ report: SegmentationReport) -> String {
    var html = """
      <!DOCTYPE html>
      <html lang="zh-CN">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escape("Segmentation \(report.name) v\(report.version)"))</title>
      <style>\(style)</style>
      </head>
      <body>

      """
    html +=
      "<h1>客户分群 Segmentation <span class=\"name\">\(escape(report.name))</span> <small>v\(report.version)</small></h1>\n"
    html += "<p class=\"summary\">\(ReportText.grouped(report.customers)) customers"
    if let period = report.period { html += " · period \(escape(period))" }
    html +=
      " · \(escape(report.method)) · \(mapOrK(report)) · \(report.segments) segments · made \(escape(report.createdAt))</p>\n"
    html += "<div class=\"metrics\">"
    html += metric(
      "Silhouette", report.silhouetteApplies ? ReportText.fixed(report.silhouette) : "n/a", report.silhouetteNote,
      cssClass: report.silhouetteApplies ? report.rating.rawValue : "")
    html += metric("Calinski–Harabasz", ReportText.number(report.calinskiHarabasz), "higher is better")
    html += metric("Davies–Bouldin", ReportText.fixed(report.daviesBouldin), "lower is better")
    html += metric("Inertia", ReportText.number(report.inertia), "scaled space")
    html += mapMetrics(report) + prototypeMetrics(report)
    html += "</div>\n<p class=\"rule\">\(report.tableCount): \(escape(report.kRule))</p>\n"
    for note in report.notes { html += "<p class=\"note\">\(escape(note))</p>\n" }

    if report.kTable.count > 1 {
      html +=
        "<h2>选择分群数 Choosing \(report.tableCount)</h2>\n<div class=\"row\">\n" + silhouetteChart(report)
        + kTable(report) + "</div>\n"
    }
    html += "<h2>群体规模 Segment sizes</h2>\n" + sizeChart(report)
    if let cube = report.cube {
      html +=
        "<h2>多维立方体 Cube cells</h2>\n"
        + AssessmentChart.cubeTable(cube, names: report.cards.map(\.name), sizes: report.cards.map(\.profile.size))
    }
    if let assessment = report.assessment { html += AssessmentChart.section(assessment) }
    html += migrationSections(report)
    if report.map != nil { html += "<h2>自组织映射 Self-organising map</h2>\n" + mapSection(report) }
    if report.prototypes != nil { html += "<h2>原型众数 Categorical modes</h2>\n" + prototypeSection(report) }
    html += "<h2>特征热力图 Normalised means</h2>\n"
    html +=
      "<p class=\"hint\">Each cell is a segment's mean of a feature, min–max normalised across segments (0 lowest, 1 highest). "
    html +=
      "▲ strong (≥ 0.8), ▼ weak (≤ 0.2). Features are ordered by how strongly they separate the segments (η²).</p>\n"
    html += heatmap(report)
    html += "<h2>群体画像 Profile cards</h2>\n<div class=\"cards\">\n"
    for card in report.cards { html += self.card(card) }
    html += "</div>\n"
    html += "<h2>预处理 Preprocessing</h2>\n<table class=\"prep\"><tr><th>feature</th><th>steps</th></tr>\n"
    for transform in report.preprocessing {
      html += "<tr><td>\(escape(transform.name))</td><td>\(escape(ReportText.transform(transform)))</td></tr>\n"
    }
    html += "</table>\n<p class=\"footer\">Segmenta · self-contained report</p>\n</body>\n</html>\n"
    return html
  }

  static let style = """
    body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",\
    "Source Han Sans SC",system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#1d2733;background:#fff}
    h1{font-size:1.6em;margin-bottom:.2em} h1 small{color:#777;font-weight:normal} h1 .name{color:#0b5394}
    h2{font-size:1.2em;border-bottom:2px solid #e3e8ee;padding-bottom:.2em;margin-top:1.8em}
    .summary,.rule,.hint,.footer{color:#555} .note{background:#fff6d6;padding:.5em;border-radius:4px}
    .metrics{display:flex;gap:1em;flex-wrap:wrap;margin:1em 0}
    .metric{border:1px solid #e3e8ee;border-radius:6px;padding:.6em 1em;min-width:9em}
    .metric .v{font-size:1.5em;font-weight:bold} .metric .l,.metric .s{color:#666;font-size:.85em}
    .good .v{color:#1b7f3b} .fair .v{color:#b7791f} .poor .v{color:#c0392b}
    .row{display:flex;gap:2em;flex-wrap:wrap;align-items:flex-start}
    table{border-collapse:collapse;font-size:.9em} td,th{border:1px solid #e3e8ee;padding:.25em .6em;text-align:right}
    th{background:#f4f6f9} td:first-child,th:first-child{text-align:left} tr.chosen td{background:#e8f1fb;font-weight:bold}
    .prep td{text-align:left}
    .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:1em}
    .card{border:1px solid #d7dee6;border-radius:8px;padding:1em;box-shadow:0 1px 2px rgba(0,0,0,.04)}
    .card h3{margin:.1em 0 .1em;font-size:1.1em} .card .en{color:#555;font-size:.9em;margin-bottom:.5em}
    .card .size{font-size:.95em;margin:.4em 0} .card dl{margin:.4em 0} .card dt{font-weight:bold;margin-top:.5em;font-size:.9em}
    .card dd{margin:0 0 0 .8em;font-size:.9em} .strong{color:#0b5394} .weak{color:#a0522d}
    .tag{display:inline-block;background:#eef3f8;border-radius:3px;padding:0 .35em;margin:.1em .2em .1em 0}
    svg text{font-family:inherit} table.flows td small{color:#777} table.flows td.stay{background:#eef6ee}
    """

  /// `text` with `&`, `<`, `>`, `"` and `'` escaped for HTML text and attribute values.
  package static func escape(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
      return text
    }
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }

  /// The flows from the earlier version (alluvial chart, matrix, summary) and the sizes across versions,
  /// when the report has them.
  package static func migrationSections(_ report: SegmentationReport) -> String {
    var html = ""
    let names = report.cards.map(\.name)
    if let flows = report.flows {
      html += "<h2>迁移 Migration from v\(flows.fromVersion)\(flows.fromPeriod.map { " (\(escape($0)))" } ?? "")</h2>\n"
      html +=
        "<p class=\"hint\" id=\"migration-summary\">\(escape(flowSummary(flows, toVersion: report.version)))</p>\n"
      html += flowChart(flows, toNames: names, toVersion: report.version)
      html += flowTable(flows, toNames: names, toVersion: report.version)
    }
    if report.history.count > 1 {
      html += "<h2>各版本规模 Segment sizes by version</h2>\n" + sizeHistoryChart(report.history, names: names)
    }
    return html
  }

  static func metric(_ label: String, _ value: String, _ sub: String, cssClass: String = "") -> String {
    "<div class=\"metric \(cssClass)\"><div class=\"l\">\(escape(label))</div><div class=\"v\">\(escape(value))</div><div class=\"s\">\(escape(sub))</div></div>"
  }

  static func format(_ value: Double) -> String { String(format: "%.1f", value) }

  /// The silhouette of every k tried, as an SVG line chart (the chosen k marked).
  package static func silhouetteChart(_ report: SegmentationReport) -> String {
    let rows = report.kTable
    let width = 520.0
    let height = 240.0
    let left = 50.0
    let right = 20.0
    let top = 20.0
    let bottom = 40.0
    let values = rows.map(\.silhouette).filter(\.isFinite)
    let low = min(0, (values.min() ?? 0) - 0.02)
    let high = max(0.55, (values.max() ?? 0) + 0.05)
    let ks = rows.map { Double($0.k) }
    let kMin = ks.min() ?? 0
    let kMax = max(ks.max() ?? 1, kMin + 1)
    func x(_ k: Double) -> Double { left + (k - kMin) / (kMax - kMin) * (width - left - right) }
    func y(_ v: Double) -> Double { top + (high - v) / (high - low) * (height - top - bottom) }
    var svg =
      "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"silhouette by k\">\n"
    for (band, label) in [(0.25, "0.25 fair"), (0.5, "0.5 good")] where band < high {
      svg +=
        "<line x1=\"\(format(left))\" x2=\"\(format(width - right))\" y1=\"\(format(y(band)))\" y2=\"\(format(y(band)))\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>"
      svg +=
        "<text x=\"\(format(width - right))\" y=\"\(format(y(band) - 3))\" font-size=\"10\" text-anchor=\"end\" fill=\"#888\">\(label)</text>\n"
    }
    svg +=
      "<line x1=\"\(format(left))\" x2=\"\(format(left))\" y1=\"\(format(top))\" y2=\"\(format(height - bottom))\" stroke=\"#555\"/>"
    svg +=
      "<line x1=\"\(format(left))\" x2=\"\(format(width - right))\" y1=\"\(format(height - bottom))\" y2=\"\(format(height - bottom))\" stroke=\"#555\"/>\n"
    for tick in stride(from: (low * 10).rounded(.up) / 10, through: high, by: 0.1) {
      svg +=
        "<text x=\"\(format(left - 6))\" y=\"\(format(y(tick) + 3))\" font-size=\"10\" text-anchor=\"end\">\(String(format: "%.1f", tick))</text>"
    }
    for row in rows {
      svg +=
        "<text x=\"\(format(x(Double(row.k))))\" y=\"\(format(height - bottom + 14))\" font-size=\"10\" text-anchor=\"middle\">\(row.k)</text>"
    }
    svg +=
      "<text x=\"\(format((left + width - right) / 2))\" y=\"\(format(height - 6))\" font-size=\"11\" text-anchor=\"middle\">\(report.map == nil ? "k (clusters)" : "groups")</text>\n"
    svg +=
      "<text x=\"12\" y=\"\(format((top + height - bottom) / 2))\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(format((top + height - bottom) / 2)))\">silhouette</text>\n"
    let points = rows.filter { $0.silhouette.isFinite }.map { "\(format(x(Double($0.k)))),\(format(y($0.silhouette)))" }
    svg +=
      "<polyline fill=\"none\" stroke=\"#0b5394\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
    for row in rows where row.silhouette.isFinite {
      let chosen = row.k == report.chosenCount
      svg +=
        "<circle cx=\"\(format(x(Double(row.k))))\" cy=\"\(format(y(row.silhouette)))\" r=\"\(chosen ? 6 : 3)\" fill=\"\(chosen ? "#e67e22" : "#0b5394")\"><title>k = \(row.k): \(ReportText.fixed(row.silhouette))</title></circle>"
    }
    svg += "\n</svg>\n"
    return svg
  }

  /// The quality of every k tried, as an HTML table (the chosen k's row marked).
  package static func kTable(_ report: SegmentationReport) -> String {
    var html =
      "<table><tr><th>\(report.tableCount)</th><th>silhouette</th><th>drop ratio</th><th>Calinski–Harabasz</th><th>Davies–Bouldin</th><th>inertia</th><th>smallest</th></tr>\n"
    for row in report.kTable {
      html +=
        "<tr\(row.k == report.chosenCount ? " class=\"chosen\"" : "")><td>\(row.k)</td><td>\(ReportText.fixed(row.silhouette))</td>"
        + "<td>\(ReportText.fixed(row.dropRatio, 2))</td>"
      html += "<td>\(ReportText.number(row.calinskiHarabasz))</td><td>\(ReportText.fixed(row.daviesBouldin))</td>"
      html += "<td>\(ReportText.number(row.inertia))</td><td>\(ReportText.grouped(row.smallestCluster))</td></tr>\n"
    }
    return html + "</table>\n"
  }

  /// The segments' sizes and shares, as SVG bars.
  package static func sizeChart(_ report: SegmentationReport) -> String {
    let rowHeight = 26.0
    let labelWidth = 360.0
    let barWidth = 420.0
    let height = Double(report.cards.count) * rowHeight + 10
    let largest = Double(report.cards.map(\.profile.size).max() ?? 1)
    var svg =
      "<svg width=\"\(Int(labelWidth + barWidth + 140))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"segment sizes\">\n"
    for (index, card) in report.cards.enumerated() {
      let y = 5 + Double(index) * rowHeight
      let length = max(1, Double(card.profile.size) / largest * barWidth)
      svg +=
        "<text x=\"\(format(labelWidth - 8))\" y=\"\(format(y + 16))\" font-size=\"12\" text-anchor=\"end\">\(card.profile.id). \(escape(card.name.zh))</text>"
      svg +=
        "<rect x=\"\(format(labelWidth))\" y=\"\(format(y + 3))\" width=\"\(format(length))\" height=\"\(format(rowHeight - 8))\" fill=\"#6fa8dc\"><title>\(escape(card.name.en))</title></rect>"
      svg +=
        "<text x=\"\(format(labelWidth + length + 6))\" y=\"\(format(y + 16))\" font-size=\"11\">\(ReportText.grouped(card.profile.size)) · \(ReportText.percent(card.profile.share))</text>\n"
    }
    return svg + "</svg>\n"
  }

  /// The segments' normalised means, as an SVG heatmap with strong (▲) and weak (▼) cells marked.
  package static func heatmap(_ report: SegmentationReport) -> String {
    let order = report.features.indices.sorted { report.features[$0].importance > report.features[$1].importance }
    let cell = 26.0
    let labelWidth = 230.0
    let headerHeight = 150.0
    let width = labelWidth + Double(order.count) * cell + 20
    let height = headerHeight + Double(report.cards.count) * cell + 10
    var svg = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"normalised means\">\n"
    for (column, feature) in order.enumerated() {
      let x = labelWidth + Double(column) * cell + cell / 2
      let label = report.features[feature].label
      svg +=
        "<text x=\"\(format(x))\" y=\"\(format(headerHeight - 6))\" font-size=\"11\" transform=\"rotate(-55 \(format(x)) \(format(headerHeight - 6)))\">\(escape(label.zh))<title>\(escape(label.en)) (importance \(ReportText.fixed(report.features[feature].importance, 2)))</title></text>\n"
    }
    for (rowIndex, card) in report.cards.enumerated() {
      let y = headerHeight + Double(rowIndex) * cell
      svg +=
        "<text x=\"\(format(labelWidth - 8))\" y=\"\(format(y + cell * 0.65))\" font-size=\"12\" text-anchor=\"end\">\(card.profile.id). \(escape(card.name.zh))</text>\n"
      for (column, feature) in order.enumerated() {
        let x = labelWidth + Double(column) * cell
        let value = card.profile.normalized[feature]
        let fill = value.map(color) ?? "#eeeeee"
        let mean = card.profile.means[feature]
        svg +=
          "<rect x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(cell - 1))\" height=\"\(format(cell - 1))\" fill=\"\(fill)\">"
        svg +=
          "<title>\(escape(card.name.en)) · \(escape(report.features[feature].label.en)): mean \(ReportText.number(mean)), normalised \(ReportText.fixed(value, 2))</title></rect>"
        if let value, value >= SegmentProfiler.strongThreshold || value <= SegmentProfiler.weakThreshold {
          let strong = value >= SegmentProfiler.strongThreshold
          svg +=
            "<text x=\"\(format(x + cell / 2 - 0.5))\" y=\"\(format(y + cell * 0.68))\" font-size=\"11\" text-anchor=\"middle\" fill=\"\(strong ? "#ffffff" : "#a0522d")\">\(strong ? "▲" : "▼")</text>"
        }
      }
      svg += "\n"
    }
    return svg + "</svg>\n"
  }

  /// "k = 8", or for a map "map 10 × 10 (100 units)".
  package static func mapOrK(_ report: SegmentationReport) -> String {
    report.map.map { "map \($0.rows) × \($0.columns) (\(report.k) units)" } ?? "k = \(report.k)"
  }

  /// γ and the cost as metrics, for k-prototypes (empty otherwise).
  package static func prototypeMetrics(_ report: SegmentationReport) -> String {
    guard let prototypes = report.prototypes else { return "" }
    return metric(
      "γ (gamma)", ReportText.number(prototypes.gamma), prototypes.gammaIsDefault ? "default: ½ mean sd" : "given")
      + metric("Cost", ReportText.number(prototypes.cost), "k-prototypes")
  }

  /// The k-prototypes modes: one row per cluster with its segment, size and the mode of every
  /// categorical column (empty for other methods).
  package static func prototypeSection(_ report: SegmentationReport) -> String {
    guard let prototypes = report.prototypes else { return "" }
    var html =
      "<p class=\"hint\">Each cluster's prototype: the mean of the numeric features (in the profile below) and the "
      + "most frequent value of each categorical column. A mismatch weighs γ = \(ReportText.number(prototypes.gamma)) "
      + "against the squared distance of the prepared numeric features.</p>\n"
    html += "<table class=\"modes\"><tr><th>cluster</th><th>segment</th><th>customers</th>"
    html += prototypes.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
    for cluster in prototypes.clusters {
      html +=
        "<tr><td>\(cluster.cluster)</td><td>\(cluster.segment)</td><td>\(ReportText.grouped(cluster.customers))</td>"
      html += cluster.modes.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
    }
    return html + "</table>\n"
  }

  /// The quantisation and topographic errors as metrics, for a map (empty otherwise).
  package static func mapMetrics(_ report: SegmentationReport) -> String {
    guard let map = report.map else { return "" }
    return metric("Quantisation error", ReportText.fixed(map.quantizationError), "mean distance to the unit")
      + metric("Topographic error", ReportText.fixed(map.topographicError), "two best units not adjacent")
  }

  /// The map: its U-matrix with every unit's segment, and one component plane per feature (features
  /// by importance), each an SVG heatmap with the boundaries between segments drawn.
  package static func mapSection(_ report: SegmentationReport) -> String {
    guard let map = report.map else { return "" }
    var html =
      "<p class=\"hint\">\(map.rows) × \(map.columns) units. The U-matrix shows each unit's mean distance to the "
      + "units around it (dark: far apart, a border between kinds of customers); the numbers are segments, and "
      + "lines separate them. Each component plane shows one feature's value at every unit, in original units "
      + "(dark: high).</p>\n<div class=\"row\">\n"
    html += mapGrid(
      map.unifiedDistances, map: map, cell: 30, title: "U-matrix", caption: "U-matrix 距离矩阵", numbered: true)
    html += "</div>\n<div class=\"row\">\n"
    let order = report.features.indices.sorted { report.features[$0].importance > report.features[$1].importance }
    for index in order where index < map.components.count {
      let component = map.components[index]
      html += mapGrid(
        component.values, map: map, cell: 14, title: component.label.en, caption: component.label.zh,
        numbered: false)
    }
    return html + "</div>\n"
  }

  /// One grid of unit values as an SVG heatmap (white lowest, dark blue highest), with lines where
  /// neighbouring units belong to different segments.
  static func mapGrid(
    _ values: [Double], map: SegmentationReport.MapView, cell: Double, title: String, caption: String,
    numbered: Bool
  ) -> String {
    let finite = values.filter(\.isFinite)
    let low = finite.min() ?? 0
    let high = finite.max() ?? 1
    let top = 18.0
    let width = Double(map.columns) * cell + 2
    let height = Double(map.rows) * cell + top + 2
    var svg =
      "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
      + "<text x=\"1\" y=\"12\" font-size=\"11\">\(escape(caption))<title>\(escape(title))</title></text>\n"
    for r in 0..<map.rows {
      for c in 0..<map.columns {
        let unit = r * map.columns + c
        let x = 1 + Double(c) * cell
        let y = top + Double(r) * cell
        let value = values[unit]
        let fill = value.isFinite ? color(high > low ? (value - low) / (high - low) : 0) : "#eeeeee"
        svg +=
          "<rect x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(cell))\" height=\"\(format(cell))\" fill=\"\(fill)\">"
          + "<title>\(escape(title)) · unit (\(r + 1), \(c + 1)): \(ReportText.number(value)) · segment \(map.segments[unit]) · "
          + "\(ReportText.grouped(map.hits[unit])) customers</title></rect>"
        if numbered {
          let dark = high > low && (value - low) / (high - low) > 0.55
          svg +=
            "<text x=\"\(format(x + cell / 2))\" y=\"\(format(y + cell * 0.65))\" font-size=\"10\" text-anchor=\"middle\" fill=\"\(dark ? "#ffffff" : "#1d2733")\">\(map.segments[unit])</text>"
        }
      }
      svg += "\n"
    }
    // Borders between segments: right of a unit whose right neighbour differs, below one whose lower
    // neighbour differs.
    for r in 0..<map.rows {
      for c in 0..<map.columns {
        let unit = r * map.columns + c
        let x = 1 + Double(c + 1) * cell
        let y = top + Double(r + 1) * cell
        if c + 1 < map.columns && map.segments[unit + 1] != map.segments[unit] {
          svg +=
            "<line x1=\"\(format(x))\" x2=\"\(format(x))\" y1=\"\(format(y - cell))\" y2=\"\(format(y))\" stroke=\"#e67e22\" stroke-width=\"2\"/>"
        }
        if r + 1 < map.rows && map.segments[unit + map.columns] != map.segments[unit] {
          svg +=
            "<line x1=\"\(format(x - cell))\" x2=\"\(format(x))\" y1=\"\(format(y))\" y2=\"\(format(y))\" stroke=\"#e67e22\" stroke-width=\"2\"/>"
        }
      }
    }
    return svg + "\n</svg>\n"
  }

  /// White (0) to dark blue (1).
  static func color(_ value: Double) -> String {
    let t = min(1, max(0, value))
    let from = (247.0, 251.0, 255.0)
    let to = (8.0, 48.0, 107.0)
    let r = Int(from.0 + (to.0 - from.0) * t)
    let g = Int(from.1 + (to.1 - from.1) * t)
    let b = Int(from.2 + (to.2 - from.2) * t)
    return String(format: "#%02x%02x%02x", r, g, b)
  }

  /// A segment's profile card: size, KPIs, top categories, strong and weak traits, suggested actions.
  package static func card(_ card: SegmentationReport.Card) -> String {
    let p = card.profile
    var html =
      "<div class=\"card\">\n<h3>\(p.id). \(escape(card.name.zh))</h3>\n<div class=\"en\">\(escape(card.name.en))"
    if card.renamed { html += " <span title=\"automatic name\">(\(escape(p.automaticName.en)))</span>" }
    html +=
      "</div>\n<div class=\"size\"><b>\(ReportText.grouped(p.size))</b> customers · <b>\(ReportText.percent(p.share))</b>"
    html += " · clusters \(p.clusters.map(String.init).joined(separator: ", "))</div>\n<dl>\n"
    if !p.kpis.isEmpty {
      html += "<dt>指标 KPIs</dt><dd>"
      html += p.kpis.map { "<span class=\"tag\">\(escape($0.label.zh)) \(escape(ReportText.kpi($0)))</span>" }.joined()
      html += "</dd>\n"
    }
    for category in p.categories where !category.top.isEmpty {
      html += "<dt>Top \(escape(category.column))</dt><dd>"
      html += category.top.map { "<span class=\"tag\">\(escape($0.value)) \(ReportText.percent($0.share))</span>" }
        .joined()
      html += "</dd>\n"
    }
    html += "<dt class=\"strong\">优势 Strong traits</dt><dd>"
    html +=
      p.strong.isEmpty
      ? "–"
      : p.strong.map {
        "<span class=\"tag strong\" title=\"\(escape($0.label.en)): mean \(ReportText.number($0.mean))\">▲ \(escape($0.label.zh))</span>"
      }.joined()
    html += "</dd>\n<dt class=\"weak\">弱势 Weak traits</dt><dd>"
    html +=
      p.weak.isEmpty
      ? "–"
      : p.weak.map {
        "<span class=\"tag weak\" title=\"\(escape($0.label.en)): mean \(ReportText.number($0.mean))\">▼ \(escape($0.label.zh))</span>"
      }.joined()
    html += "</dd>\n"
    if !p.actions.isEmpty {
      html += "<dt>建议 Suggested actions</dt>"
      for action in p.actions {
        html += "<dd>• \(escape(action.text.zh))<br><span class=\"en\">\(escape(action.text.en))</span></dd>"
      }
      html += "\n"
    }
    return html + "</dl>\n</div>\n"
  }
}
