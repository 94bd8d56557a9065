import Foundation
import SegmentaCore

/// Number and text formatting shared by the report renderers.
package enum ReportText {
  /// A number with about four significant digits and thousands separators for large values.
  package static func number(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "–" }
    let magnitude = abs(value)
    if magnitude >= 10_000 { return grouped(Int(value.rounded())) }
    if magnitude >= 100 { return String(format: "%.1f", value) }
    if magnitude >= 1 || value == 0 { return String(format: "%.2f", value) }
    return String(format: "%.3g", value)
  }

  /// 1234567 → "1,234,567".
  package static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, character) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(character)
    }
    return (value < 0 ? "-" : "") + result
  }

  /// A fraction as a percentage with one decimal.
  package static func percent(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "–" }
    return String(format: "%.1f %%", value * 100)
  }

  /// A value to three decimals.
  package static func fixed(_ value: Double?, _ decimals: Int = 3) -> String {
    guard let value, value.isFinite else { return "–" }
    return String(format: "%.\(decimals)f", value)
  }

  /// "中文 / English" (just one when both are equal).
  package static func both(_ label: FeatureLabel) -> String {
    label.zh == label.en ? label.zh : "\(label.zh) / \(label.en)"
  }

  /// A KPI value: a percentage for shares, a number otherwise.
  package static func kpi(_ value: KPIValue) -> String {
    value.isShare ? percent(value.value) : number(value.value)
  }

  /// How a feature was prepared, in words.
  static func transform(_ t: FeatureTransform) -> String {
    var steps: [String] = []
    if t.missing > 0 { steps.append("\(grouped(t.missing)) missing → \(number(t.fill))") }
    if let lower = t.lower, let upper = t.upper { steps.append("clipped to [\(number(lower)), \(number(upper))]") }
    steps.append(t.log1p ? "log1p (\(t.logReason))" : "no log (\(t.logReason))")
    steps.append("(x − \(number(t.center))) / \(number(t.scale))")
    if t.weight != 1 { steps.append("× \(number(t.weight))") }
    return steps.joined(separator: "; ")
  }
}
