import Foundation
import SegmentaIO

/// Number formatting for people.
enum Format {
  /// 1234567 → "1,234,567".
  static func count(_ value: Int) -> String { ReportText.grouped(value) }

  /// Bytes as "12.3 MB".
  static func bytes(_ value: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var amount = Double(value)
    var unit = 0
    while amount >= 1000 && unit < units.count - 1 {
      amount /= 1000
      unit += 1
    }
    return unit == 0 ? "\(value) B" : String(format: "%.1f %@", amount, units[unit])
  }

  /// `value` with `decimals` decimals; "–" when it is not finite.
  static func fixed(_ value: Double, _ decimals: Int) -> String {
    value.isFinite ? String(format: "%.\(decimals)f", value) : "–"
  }

  /// Which wide table a command read: "features of period 2024Q1", or that there is none yet.
  static func period(_ label: String?) -> String {
    label.map { "features of period \($0)" } ?? "no wide table built yet"
  }

  /// Seconds as "2.41 s".
  static func seconds(_ value: Double) -> String {
    value < 10 ? String(format: "%.2f s", value) : String(format: "%.1f s", value)
  }

  /// A statistic with four significant digits; "–" for nil or NaN.
  static func number(_ value: Double?) -> String {
    guard let value, !value.isNaN else { return "–" }
    if value == 0 { return "0" }
    if value == value.rounded() && abs(value) < 1e9 { return count(Int(value)) }
    let magnitude = abs(value)
    if magnitude >= 1e6 || magnitude < 1e-3 { return String(format: "%.3e", value) }
    if magnitude >= 1000 { return String(format: "%.1f", value) }
    return String(format: "%.4g", value)
  }

  /// Pads `text` to `width` columns (CJK characters count as two), left or right aligned.
  static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let shown = displayWidth(text)
    guard shown < width else { return text }
    let padding = String(repeating: " ", count: width - shown)
    return right ? padding + text : text + padding
  }

  /// Terminal columns taken by `text`.
  static func displayWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
      width
        + ((0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
          || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
          || (0xFF00...0xFF60).contains(scalar.value) || (0xFFE0...0xFFE6).contains(scalar.value) ? 2 : 1)
    }
  }

  /// A text table with a header row; `rightAligned` columns hold numbers.
  static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    var widths = header.map(displayWidth)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], displayWidth(cell)) }
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { pad($1, widths[$0], right: rightAligned.contains($0)) }.joined(separator: "  ")
        .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
  }
}
