import Foundation
import SegmentaCore

/// The attractiveness × capability-fit matrix as inline SVG (bubbles sized by segment size, labelled by
/// rank) and the ranking as an HTML table, for reports, `segments assess --out` and the dashboard.
package enum AssessmentChart {
  static let width = 720.0
  static let height = 480.0
  static let left = 60.0
  static let right = 30.0
  static let top = 20.0
  static let bottom = 50.0

  /// The fill of each quadrant's bubbles.
  static func color(_ quadrant: SegmentAssessment.Quadrant) -> String {
    switch quadrant {
    case .target: "#1b7f3b"
    case .build: "#b7791f"
    case .opportunistic: "#3d85c6"
    case .avoid: "#999999"
    case .unrated: "#cccccc"
    }
  }

  /// The matrix: capability fit (0–2) across, attractiveness (0–10) up, the thresholds as dashed lines,
  /// one bubble per segment with an area proportional to its customers.
  package static func svg(_ assessment: SegmentAssessment) -> String {
    let plotWidth = width - left - right
    let plotHeight = height - top - bottom
    func x(_ fit: Double) -> Double { left + min(2, max(0, fit)) / 2 * plotWidth }
    func y(_ attractiveness: Double) -> Double { top + (1 - min(10, max(0, attractiveness)) / 10) * plotHeight }
    func f(_ value: Double) -> String { String(format: "%.1f", value) }
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
      + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"attractiveness by capability fit\" "
      + "class=\"assessment-matrix\">\n"
    svg +=
      "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"#fafbfc\" stroke=\"#c9d2dc\"/>\n"
    let ax = x(assessment.fitThreshold)
    let ay = y(assessment.attractivenessThreshold)
    svg +=
      "<rect x=\"\(f(ax))\" y=\"\(f(top))\" width=\"\(f(left + plotWidth - ax))\" height=\"\(f(ay - top))\" fill=\"#e8f5ec\"/>\n"
    svg +=
      "<line x1=\"\(f(ax))\" y1=\"\(f(top))\" x2=\"\(f(ax))\" y2=\"\(f(top + plotHeight))\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"
    svg +=
      "<line x1=\"\(f(left))\" y1=\"\(f(ay))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(ay))\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"
    for tick in stride(from: 0.0, through: 10, by: 2) {
      svg +=
        "<text x=\"\(f(left - 8))\" y=\"\(f(y(tick) + 4))\" font-size=\"11\" text-anchor=\"end\">\(Int(tick))</text>\n"
    }
    for tick in stride(from: 0.0, through: 2, by: 0.5) {
      svg +=
        "<text x=\"\(f(x(tick)))\" y=\"\(f(top + plotHeight + 16))\" font-size=\"11\" text-anchor=\"middle\">\(tick)</text>\n"
    }
    svg +=
      "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 10))\" font-size=\"12\" text-anchor=\"middle\">能力匹配 Capability fit (0–2)</text>\n"
    svg +=
      "<text x=\"14\" y=\"\(f(top + plotHeight / 2))\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(f(top + plotHeight / 2)))\">吸引力 Attractiveness (0–10)</text>\n"
    svg +=
      "<text x=\"\(f(left + plotWidth - 6))\" y=\"\(f(top + 14))\" font-size=\"11\" text-anchor=\"end\" fill=\"#1b7f3b\">目标 target</text>\n"
    let largest = Double(assessment.rows.map(\.customers).max() ?? 1)
    // Largest first, so small bubbles stay visible on top.
    for row in assessment.rows.sorted(by: { $0.customers > $1.customers }) {
      let cx = x(row.fit)
      let cy = y(row.attractiveness ?? 0)
      let radius = 4 + 22 * (Double(row.customers) / max(1, largest)).squareRoot()
      let name = SegmentNames.combined(row.name)
      svg +=
        "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"\(f(radius))\" fill=\"\(color(row.quadrant))\" fill-opacity=\"0.55\" stroke=\"#333\" stroke-width=\"0.6\">"
        + "<title>\(HTMLReport.escape("\(row.rank). \(name): attractiveness \(ReportText.fixed(row.attractiveness, 2)), fit \(ReportText.fixed(row.fit, 2)), \(row.customers) customers, \(row.quadrant.rawValue)"))</title></circle>\n"
      svg +=
        "<text x=\"\(f(cx))\" y=\"\(f(cy + 4))\" font-size=\"10\" text-anchor=\"middle\">\(row.segment)</text>\n"
    }
    return svg + "</svg>\n"
  }

  /// The ranking: rank, segment, customers, attractiveness, each criterion's score, each capability, fit,
  /// quadrant.
  package static func table(_ assessment: SegmentAssessment) -> String {
    var html = "<table class=\"assessment\"><tr><th>rank</th><th>segment</th><th>customers</th><th>attractiveness</th>"
    for criterion in assessment.criteria {
      html +=
        "<th title=\"\(HTMLReport.escape(criterion.mapping))\">\(HTMLReport.escape(criterion.label.zh))<br><small>\(HTMLReport.escape(criterion.label.en)) · w \(ReportText.fixed(criterion.weight, 2))</small></th>"
    }
    for capability in assessment.capabilities { html += "<th>\(HTMLReport.escape(capability))</th>" }
    html += "<th>fit</th><th>quadrant</th></tr>\n"
    for row in assessment.rows {
      html +=
        "<tr class=\"q-\(row.quadrant.rawValue)\"><td>\(row.rank)</td><td>\(row.segment). \(HTMLReport.escape(SegmentNames.combined(row.name)))</td>"
      html += "<td>\(ReportText.grouped(row.customers))</td><td>\(ReportText.fixed(row.attractiveness, 2))</td>"
      for score in row.criteria { html += "<td>\(ReportText.fixed(score.score, 1))</td>" }
      for capability in row.capabilities { html += "<td>\(ReportText.fixed(capability, 2))</td>" }
      html +=
        "<td>\(ReportText.fixed(row.fit, 2))</td><td>\(HTMLReport.escape("\(row.quadrant.label.zh) \(row.quadrant.label.en)"))</td></tr>\n"
    }
    return html + "</table>\n"
  }

  /// The matrix and the ranking as an HTML section.
  package static func section(_ assessment: SegmentAssessment) -> String {
    "<h2>目标细分选择 Attractiveness × capability fit</h2>\n"
      + "<p class=\"hint\">Attractiveness is the weighted mean of the criteria's scores (0–10); capability fit the "
      + "mean of the capability scores (0 hard to get, 1 easy to get, 2 already have). Targets: attractiveness ≥ "
      + "\(ReportText.number(assessment.attractivenessThreshold)) and fit ≥ \(ReportText.number(assessment.fitThreshold)). "
      + "Bubbles are sized by customers and labelled by segment number.</p>\n"
      + svg(assessment) + table(assessment)
  }

  /// The cells of a cube segmentation: each segment's dimension values, customers and share.
  package static func cubeTable(_ cube: CubeModel, names: [FeatureLabel], sizes: [Int]) -> String {
    let total = max(1, sizes.reduce(0, +))
    var html = "<table class=\"cube\"><tr><th>segment</th>"
    for dimension in cube.dimensions {
      html += "<th>\(HTMLReport.escape(dimension.label.zh))<br><small>\(HTMLReport.escape(dimension.name))</small></th>"
    }
    html += "<th>customers</th><th>share</th></tr>\n"
    for (index, cell) in cube.cells.enumerated() {
      html +=
        "<tr><td>\(index + 1). \(HTMLReport.escape(index < names.count ? SegmentNames.combined(names[index]) : ""))</td>"
      for value in cell.values { html += "<td>\(HTMLReport.escape(value ?? CubeModel.unknown.en))</td>" }
      let size = index < sizes.count ? sizes[index] : 0
      html += "<td>\(ReportText.grouped(size))</td><td>\(ReportText.percent(Double(size) / Double(total)))</td></tr>\n"
    }
    if let other = cube.otherSegment {
      let size = other < sizes.count ? sizes[other] : 0
      html +=
        "<tr><td>\(other + 1). \(HTMLReport.escape(other < names.count ? SegmentNames.combined(names[other]) : ""))</td>"
        + "<td colspan=\"\(cube.dimensions.count)\">\(cube.folded.count) cells with fewer than \(cube.minimumSize) customers</td>"
        + "<td>\(ReportText.grouped(size))</td><td>\(ReportText.percent(Double(size) / Double(total)))</td></tr>\n"
    }
    return html + "</table>\n"
  }
}
