import Foundation
import SegmentaCore

extension HTMLReport {
  /// Colours of segments 1, 2, … (repeating after ten).
  static let segmentColours = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
  ]

  static func colour(_ segment: Int) -> String { segmentColours[segment % segmentColours.count] }

  /// Segment `index`'s name in `names`, or "群N / Segment N" when the list is short.
  static func name(_ names: [FeatureLabel], _ index: Int) -> FeatureLabel {
    index < names.count ? names[index] : FeatureLabel(zh: "群\(index + 1)", en: "Segment \(index + 1)")
  }

  /// The flows between two versions as an alluvial (Sankey) diagram in SVG: the earlier version's segments
  /// and the new customers on the left, the later version's segments and the customers gone on the right,
  /// each band as wide as the customers who went that way.
  package static func flowChart(_ flows: SegmentationReport.Flows, toNames: [FeatureLabel], toVersion: Int) -> String {
    let migration = flows.migration
    // Left nodes: earlier segments, then the entries; right nodes: later segments, then the exits.
    let left = migration.fromSizes.indices.map { "\($0 + 1). \(name(flows.fromNames, $0).zh)" } + ["新增 new"]
    let right = migration.toSizes.indices.map { "\($0 + 1). \(name(toNames, $0).zh)" } + ["流失 gone"]
    let leftTitles =
      migration.fromSizes.indices.map { "\($0 + 1). \(SegmentNames.combined(name(flows.fromNames, $0)))" }
      + ["new customers"]
    let rightTitles =
      migration.toSizes.indices.map { "\($0 + 1). \(SegmentNames.combined(name(toNames, $0)))" }
      + ["customers gone"]
    var bands: [(from: Int, to: Int, count: Int)] = []
    for (i, row) in migration.flows.enumerated() {
      for (j, count) in row.enumerated() where count > 0 { bands.append((i, j, count)) }
    }
    for (j, count) in migration.entriesBySegment.enumerated() where count > 0 {
      bands.append((left.count - 1, j, count))
    }
    for (i, count) in migration.exitsBySegment.enumerated() where count > 0 {
      bands.append((i, right.count - 1, count))
    }
    var leftTotals = [Int](repeating: 0, count: left.count)
    var rightTotals = [Int](repeating: 0, count: right.count)
    for band in bands {
      leftTotals[band.from] += band.count
      rightTotals[band.to] += band.count
    }
    let total = Double(max(1, bands.reduce(0) { $0 + $1.count }))
    let gap = 6.0
    let labelWidth = 250.0
    let nodeWidth = 14.0
    let width = 900.0
    let plot = max(320.0, Double(max(left.count, right.count)) * 34)
    let height = plot + 40
    let top = 24.0
    let scale = (plot - gap * Double(max(left.count, right.count) - 1)) / total
    func positions(_ totals: [Int]) -> [Double] {
      var y = top
      return totals.map { count in
        defer { y += Double(count) * scale + gap }
        return y
      }
    }
    let leftY = positions(leftTotals)
    let rightY = positions(rightTotals)
    let x0 = labelWidth + nodeWidth
    let x1 = width - labelWidth - nodeWidth
    let middle = (x0 + x1) / 2
    var svg =
      "<svg class=\"flows\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"segment flows\">\n"
    svg +=
      "<text x=\"\(format(labelWidth + nodeWidth / 2))\" y=\"14\" font-size=\"12\" text-anchor=\"middle\" font-weight=\"bold\">v\(flows.fromVersion)</text>"
    svg +=
      "<text x=\"\(format(x1 + nodeWidth / 2))\" y=\"14\" font-size=\"12\" text-anchor=\"middle\" font-weight=\"bold\">v\(toVersion)</text>\n"
    // Bands leave each left node in the order of their right node, and reach each right node in the order
    // of their left node, so that they cross as little as the order allows.
    let byLeft = bands.indices.sorted { (bands[$0].from, bands[$0].to) < (bands[$1].from, bands[$1].to) }
    let byRight = bands.indices.sorted { (bands[$0].to, bands[$0].from) < (bands[$1].to, bands[$1].from) }
    var start = [Double](repeating: 0, count: bands.count)
    var end = [Double](repeating: 0, count: bands.count)
    var offset = leftY
    for index in byLeft {
      start[index] = offset[bands[index].from]
      offset[bands[index].from] += Double(bands[index].count) * scale
    }
    offset = rightY
    for index in byRight {
      end[index] = offset[bands[index].to]
      offset[bands[index].to] += Double(bands[index].count) * scale
    }
    for index in byLeft {
      let band = bands[index]
      let thickness = Double(band.count) * scale
      let (y0, y1) = (start[index], end[index])
      let fill = band.from == left.count - 1 ? "#9aa5b1" : colour(band.from)
      svg +=
        "<path d=\"M\(format(x0)),\(format(y0)) C\(format(middle)),\(format(y0)) \(format(middle)),\(format(y1)) \(format(x1)),\(format(y1)) L\(format(x1)),\(format(y1 + thickness)) C\(format(middle)),\(format(y1 + thickness)) \(format(middle)),\(format(y0 + thickness)) \(format(x0)),\(format(y0 + thickness)) Z\" fill=\"\(fill)\" fill-opacity=\"\(band.from == band.to ? "0.55" : "0.35")\">"
      svg +=
        "<title>\(escape(leftTitles[band.from])) → \(escape(rightTitles[band.to])): \(ReportText.grouped(band.count)) customers</title></path>\n"
    }
    for (index, name) in left.enumerated() where leftTotals[index] > 0 {
      let h = max(1, Double(leftTotals[index]) * scale)
      let fill = index == left.count - 1 ? "#9aa5b1" : colour(index)
      svg +=
        "<rect x=\"\(format(labelWidth))\" y=\"\(format(leftY[index]))\" width=\"\(format(nodeWidth))\" height=\"\(format(h))\" fill=\"\(fill)\"><title>\(escape(leftTitles[index])): \(ReportText.grouped(leftTotals[index]))</title></rect>"
      svg +=
        "<text x=\"\(format(labelWidth - 6))\" y=\"\(format(leftY[index] + h / 2 + 4))\" font-size=\"11\" text-anchor=\"end\">\(escape(name)) · \(ReportText.grouped(leftTotals[index]))</text>\n"
    }
    for (index, name) in right.enumerated() where rightTotals[index] > 0 {
      let h = max(1, Double(rightTotals[index]) * scale)
      let fill = index == right.count - 1 ? "#9aa5b1" : colour(index)
      svg +=
        "<rect x=\"\(format(x1))\" y=\"\(format(rightY[index]))\" width=\"\(format(nodeWidth))\" height=\"\(format(h))\" fill=\"\(fill)\"><title>\(escape(rightTitles[index])): \(ReportText.grouped(rightTotals[index]))</title></rect>"
      svg +=
        "<text x=\"\(format(x1 + nodeWidth + 6))\" y=\"\(format(rightY[index] + h / 2 + 4))\" font-size=\"11\">\(escape(name)) · \(ReportText.grouped(rightTotals[index]))</text>\n"
    }
    return svg + "</svg>\n"
  }

  /// The flow matrix as an HTML table: counts with row shares, the exits per earlier segment and the
  /// entries per later segment.
  package static func flowTable(_ flows: SegmentationReport.Flows, toNames: [FeatureLabel], toVersion: Int) -> String {
    let migration = flows.migration
    var html =
      "<table class=\"flows\"><tr><th>v\(flows.fromVersion) \\ v\(toVersion)</th><th>v\(flows.fromVersion) size</th>"
    for index in migration.toSizes.indices {
      html += "<th title=\"\(escape(SegmentNames.combined(name(toNames, index))))\">→ \(index + 1)</th>"
    }
    html += "<th>gone</th></tr>\n"
    for (i, row) in migration.flows.enumerated() {
      html +=
        "<tr><td>\(i + 1). \(escape(SegmentNames.combined(name(flows.fromNames, i))))</td><td>\(ReportText.grouped(migration.fromSizes[i]))</td>"
      for (j, count) in row.enumerated() {
        html +=
          "<td\(i == j ? " class=\"stay\"" : "")>\(ReportText.grouped(count)) <small>\(ReportText.percent(migration.rowShares[i][j]))</small></td>"
      }
      html += "<td>\(ReportText.grouped(migration.exitsBySegment[i]))</td></tr>\n"
    }
    html += "<tr><td>new</td><td>\(ReportText.grouped(migration.entries))</td>"
    html += migration.entriesBySegment.map { "<td>\(ReportText.grouped($0))</td>" }.joined()
    html += "<td>–</td></tr>\n<tr><td>v\(toVersion) size</td><td></td>"
    html += migration.toSizes.map { "<td>\(ReportText.grouped($0))</td>" }.joined()
    html += "<td>\(ReportText.grouped(migration.exits))</td></tr>\n</table>\n"
    return html
  }

  /// One line on the flows: the stayers' share, movers, entries and exits.
  package static func flowSummary(_ flows: SegmentationReport.Flows, toVersion: Int) -> String {
    let migration = flows.migration
    return "\(ReportText.percent(migration.stayersShare)) of the \(ReportText.grouped(migration.common)) customers in "
      + "both v\(flows.fromVersion) and v\(toVersion) stayed in their segment, \(ReportText.grouped(migration.movers)) "
      + "moved; \(ReportText.grouped(migration.entries)) new, \(ReportText.grouped(migration.exits)) gone."
      + (flows.linked
        ? "" : " v\(toVersion) does not refresh v\(flows.fromVersion): their segments come from different fits.")
  }

  /// Segment sizes across versions: one stacked bar per version, segment 1 first, with its share.
  package static func sizeHistoryChart(_ history: [SegmentationReport.VersionSizes], names: [FeatureLabel])
    -> String
  {
    let rowHeight = 30.0
    let labelWidth = 170.0
    let barWidth = 600.0
    let legendRows = Double((names.count + 3) / 4)
    let height = Double(history.count) * rowHeight + 16 + legendRows * 18
    let largest = Double(max(1, history.map { $0.sizes.reduce(0, +) }.max() ?? 1))
    var svg =
      "<svg class=\"size-history\" width=\"\(Int(labelWidth + barWidth + 90))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"segment sizes by version\">\n"
    for (row, version) in history.enumerated() {
      let y = 4 + Double(row) * rowHeight
      let total = version.sizes.reduce(0, +)
      let label = "v\(version.version)" + (version.period.map { " · \($0)" } ?? "")
      svg +=
        "<text x=\"\(format(labelWidth - 8))\" y=\"\(format(y + 17))\" font-size=\"12\" text-anchor=\"end\">\(escape(label))</text>"
      var x = labelWidth
      for (segment, size) in version.sizes.enumerated() where size > 0 {
        let length = Double(size) / largest * barWidth
        let name = segment < names.count ? SegmentNames.combined(names[segment]) : "Segment \(segment + 1)"
        svg +=
          "<rect x=\"\(format(x))\" y=\"\(format(y + 4))\" width=\"\(format(length))\" height=\"\(format(rowHeight - 10))\" fill=\"\(colour(segment))\"><title>v\(version.version) · \(segment + 1). \(escape(name)): \(ReportText.grouped(size)) (\(ReportText.percent(Double(size) / Double(max(1, total)))))</title></rect>"
        x += length
      }
      svg +=
        "<text x=\"\(format(x + 6))\" y=\"\(format(y + 17))\" font-size=\"11\">\(ReportText.grouped(total))</text>\n"
    }
    let legendTop = 8 + Double(history.count) * rowHeight
    for (segment, name) in names.enumerated() {
      let x = labelWidth + Double(segment % 4) * 150
      let y = legendTop + Double(segment / 4) * 18
      svg +=
        "<rect x=\"\(format(x))\" y=\"\(format(y))\" width=\"10\" height=\"10\" fill=\"\(colour(segment))\"/><text x=\"\(format(x + 14))\" y=\"\(format(y + 9))\" font-size=\"10\">\(segment + 1). \(escape(name.zh))</text>"
    }
    return svg + "\n</svg>\n"
  }
}
