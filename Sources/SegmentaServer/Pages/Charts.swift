import Foundation
import SegmentaCore
import SegmentaWorkflows

/// The dashboard's own inline SVG charts (the segmentation charts are the report renderers').
///
/// Colours
/// come from classes in the style sheet or presentation attributes, never `style` attributes, which the
/// content security policy forbids.
enum Charts {
  /// Coordinates with one decimal.
  static func f(_ value: Double) -> String { String(format: "%.1f", value) }

  /// Gained (up) and lost (down) customers per apply of a tag (`history` newest first), oldest left; the
  /// latest 16 applies.
  static func gainedLost(_ history: [TagDetailWorkflow.Version]) -> HTML {
    let applies = Array(history.prefix(16).reversed())
    let column = 48.0
    let height = 180.0
    let middle = height / 2
    let width = 50 + Double(applies.count) * column
    let largest = Double(max(1, applies.map { max($0.gained, $0.lost) }.max() ?? 1))
    let scale = (middle - 24) / largest
    var svg =
      "<svg class=\"chart\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"gained and lost per apply\">"
    svg +=
      "<line x1=\"40\" x2=\"\(f(width))\" y1=\"\(f(middle))\" y2=\"\(f(middle))\" class=\"axis\"/>"
    svg += "<text x=\"36\" y=\"16\" text-anchor=\"end\" class=\"label\">+</text>"
    svg += "<text x=\"36\" y=\"\(f(height - 8))\" text-anchor=\"end\" class=\"label\">−</text>"
    for (index, apply) in applies.enumerated() {
      let x = 46 + Double(index) * column
      let up = Double(apply.gained) * scale
      let down = Double(apply.lost) * scale
      svg +=
        "<rect x=\"\(f(x))\" y=\"\(f(middle - up))\" width=\"\(f(column - 12))\" height=\"\(f(max(up, 0.5)))\" class=\"gain\"><title>v\(apply.version): +\(apply.gained)</title></rect>"
      svg +=
        "<rect x=\"\(f(x))\" y=\"\(f(middle))\" width=\"\(f(column - 12))\" height=\"\(f(max(down, 0.5)))\" class=\"loss\"><title>v\(apply.version): −\(apply.lost)</title></rect>"
      svg +=
        "<text x=\"\(f(x + (column - 12) / 2))\" y=\"\(f(middle - up - 4))\" text-anchor=\"middle\" class=\"value\">+\(apply.gained)</text>"
      svg +=
        "<text x=\"\(f(x + (column - 12) / 2))\" y=\"\(f(middle + down + 12))\" text-anchor=\"middle\" class=\"value\">−\(apply.lost)</text>"
      svg +=
        "<text x=\"\(f(x + (column - 12) / 2))\" y=\"\(f(height - 2))\" text-anchor=\"middle\" class=\"label\">v\(apply.version)</text>"
    }
    return HTML(raw: svg + "</svg>")
  }

  /// A small histogram: bars of `counts`, the end bins (which hold the outliers) marked.
  static func histogram(_ histogram: FeatureHistogramsWorkflow.Histogram) -> HTML {
    let width = 160.0
    let height = 36.0
    guard !histogram.counts.isEmpty, let low = histogram.low, let high = histogram.high else { return "–" }
    let largest = Double(max(1, histogram.counts.max() ?? 1))
    let bar = width / Double(histogram.counts.count)
    var svg =
      "<svg class=\"histogram\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"histogram of \(HTML.escape(histogram.name))\">"
    svg += "<title>\(HTML.escape(histogram.name)): \(ReportTextBridge.number(low)) to \(ReportTextBridge.number(high))"
    if histogram.below + histogram.above > 0 {
      svg += " (\(histogram.below) below, \(histogram.above) above, in the end bars)"
    }
    svg += "</title>"
    for (index, count) in histogram.counts.enumerated() {
      let h = Double(count) / largest * (height - 2)
      let outliers = (index == 0 && histogram.below > 0) || (index == histogram.counts.count - 1 && histogram.above > 0)
      svg +=
        "<rect x=\"\(f(Double(index) * bar))\" y=\"\(f(height - h))\" width=\"\(f(max(bar - 1, 1)))\" height=\"\(f(max(h, 0.5)))\" class=\"\(outliers ? "bin edge" : "bin")\"/>"
    }
    return HTML(raw: svg + "</svg>")
  }

  /// One measure of a campaign: the target and control groups' rates as bars, the difference with its
  /// confidence interval as a whisker around a zero line.
  static func comparison(
    _ title: String, target: Double, control: Double, difference: Double, interval: ConfidenceInterval,
    confidence: Double
  ) -> HTML {
    let width = 520.0
    let label = 96.0
    let barArea = width - label - 70
    let rates = [target, control].filter(\.isFinite)
    let top = max(0.05, rates.max() ?? 0.05)
    var svg =
      "<svg class=\"chart\" width=\"\(Int(width))\" height=\"150\" viewBox=\"0 0 \(Int(width)) 150\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
    for (row, (name, rate, style)) in [("target", target, "target"), ("control", control, "control")].enumerated() {
      let y = 8 + Double(row) * 28
      let length = rate.isFinite ? max(1, rate / top * barArea) : 0
      svg += "<text x=\"\(f(label - 6))\" y=\"\(f(y + 15))\" text-anchor=\"end\" class=\"label\">\(name)</text>"
      svg +=
        "<rect x=\"\(f(label))\" y=\"\(f(y))\" width=\"\(f(length))\" height=\"20\" class=\"\(style)\"><title>\(name): \(ReportTextBridge.percent(rate))</title></rect>"
      svg +=
        "<text x=\"\(f(label + length + 6))\" y=\"\(f(y + 15))\" class=\"value\">\(ReportTextBridge.percent(rate))</text>"
    }
    // The difference and its interval on an axis from −span to +span.
    let span =
      max(0.01, [abs(interval.lower), abs(interval.upper), abs(difference)].filter(\.isFinite).max() ?? 0.01)
      * 1.15
    func x(_ value: Double) -> Double { label + (value + span) / (2 * span) * barArea }
    let y = 100.0
    svg += "<text x=\"\(f(label - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\" class=\"label\">difference</text>"
    svg += "<line x1=\"\(f(label))\" x2=\"\(f(label + barArea))\" y1=\"\(f(y))\" y2=\"\(f(y))\" class=\"axis\"/>"
    svg += "<line x1=\"\(f(x(0)))\" x2=\"\(f(x(0)))\" y1=\"\(f(y - 14))\" y2=\"\(f(y + 14))\" class=\"zero\"/>"
    if interval.lower.isFinite && interval.upper.isFinite {
      svg +=
        "<line x1=\"\(f(x(interval.lower)))\" x2=\"\(f(x(interval.upper)))\" y1=\"\(f(y))\" y2=\"\(f(y))\" class=\"whisker\"/>"
      for end in [interval.lower, interval.upper] {
        svg += "<line x1=\"\(f(x(end)))\" x2=\"\(f(x(end)))\" y1=\"\(f(y - 6))\" y2=\"\(f(y + 6))\" class=\"whisker\"/>"
      }
    }
    if difference.isFinite {
      svg +=
        "<circle cx=\"\(f(x(difference)))\" cy=\"\(f(y))\" r=\"5\" class=\"point\"><title>difference \(ReportTextBridge.points(difference))</title></circle>"
    }
    let level = Int((confidence * 100).rounded())
    svg +=
      "<text x=\"\(f(label))\" y=\"\(f(y + 32))\" class=\"value\">\(ReportTextBridge.points(difference)), \(level) % CI [\(ReportTextBridge.points(interval.lower)), \(ReportTextBridge.points(interval.upper))]</text>"
    return HTML(raw: svg + "</svg>")
  }
}

/// The report formats, for text inside SVG built here.
enum ReportTextBridge {
  static func number(_ value: Double) -> String { HTML.escape(Show.number(value)) }
  static func percent(_ value: Double) -> String { HTML.escape(Show.percent(value)) }
  /// A difference of two shares in percentage points, signed.
  static func points(_ value: Double) -> String {
    guard value.isFinite else { return "–" }
    return String(format: "%+.1f pp", value * 100)
  }
}
