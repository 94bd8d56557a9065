import Foundation
import SegmentaCore
import Yams

/// The RFM grid as an editable YAML file: each segment a rectangle of recency and frequency scores
/// on the 1–5 scale, with Chinese and English names; the first rectangle covering a customer names them.
package enum RFMGridSpec {
  /// The default grid: the ten-name map of recency × frequency scores used across the RFM literature.
  package static let defaultText = """
    # RFM grid (segmenta value rfm --grid FILE). Scores run 1–5, 5 best; with other bins they are
    # put on this scale as ceil(score * 5 / bins). The first segment whose ranges hold a customer's
    # recency (r) and frequency (f) scores names them; every cell of the 5 × 5 grid must be covered.
    segments:
      - {en: Champions, zh: 冠军客户, r: [5, 5], f: [4, 5]}
      - {en: Loyal, zh: 忠诚客户, r: [3, 4], f: [4, 5]}
      - {en: Potential loyalist, zh: 潜在忠诚客户, r: [4, 5], f: [2, 3]}
      - {en: New, zh: 新客户, r: [5, 5], f: [1, 1]}
      - {en: Promising, zh: 有潜力客户, r: [4, 4], f: [1, 1]}
      - {en: Need attention, zh: 需要关注客户, r: [3, 3], f: [3, 3]}
      - {en: About to sleep, zh: 即将沉睡客户, r: [3, 3], f: [1, 2]}
      - {en: At risk, zh: 流失风险客户, r: [1, 2], f: [3, 4]}
      - {en: Can't lose, zh: 不能失去的客户, r: [1, 2], f: [5, 5]}
      - {en: Hibernating, zh: 沉睡流失客户, r: [1, 2], f: [1, 2]}

    """

  /// Parses a grid; errors name the file and the segment.
  package static func parse(_ text: String, file: String) throws(SpecFileError) -> RFMGrid {
    let root: Any?
    do {
      root = try Yams.load(yaml: text)
    } catch {
      throw SpecFileError(file: file, message: "not valid YAML: \(error)")
    }
    guard let map = root as? [String: Any], let segments = map["segments"] as? [Any], !segments.isEmpty else {
      throw SpecFileError(file: file, message: "expected a list under 'segments'")
    }
    var cells: [RFMGrid.Cell] = []
    for (index, entry) in segments.enumerated() {
      let position = "segments[\(index)]"
      guard let segment = entry as? [String: Any] else {
        throw SpecFileError(file: file, message: "\(position) must be a map with en, zh, r and f")
      }
      guard let en = segment["en"] as? String, !en.isEmpty else {
        throw SpecFileError(file: file, message: "\(position) needs an English name 'en'")
      }
      let zh = (segment["zh"] as? String) ?? en
      func range(_ key: String) throws(SpecFileError) -> ClosedRange<Int> {
        guard let pair = segment[key] as? [Any], pair.count == 2, let low = pair[0] as? Int, let high = pair[1] as? Int,
          1 <= low, low <= high, high <= 5
        else {
          throw SpecFileError(
            file: file, message: "\(position) ('\(en)'): '\(key)' must be [low, high] with 1 ≤ low ≤ high ≤ 5")
        }
        return low...high
      }
      cells.append(
        RFMGrid.Cell(label: FeatureLabel(zh: zh, en: en), recency: try range("r"), frequency: try range("f")))
    }
    let grid = RFMGrid(cells: cells)
    for (r, row) in grid.table.enumerated() {
      if let f = row.firstIndex(of: -1) {
        throw SpecFileError(
          file: file, message: "no segment covers recency score \(r + 1) with frequency score \(f + 1)")
      }
    }
    return grid
  }

  /// The default grid.
  package static var defaultGrid: RFMGrid {
    // The text above is a constant checked by the tests.
    (try? parse(defaultText, file: "default RFM grid")) ?? RFMGrid(cells: [])
  }
}
