import Foundation
import SegmentaCore

/// Random customer files for one workspace, one after the other: each updates some known customers,
/// adds new ones, carries a random choice of the known columns and may add new ones, with missing
/// values of every spelling; whole-number columns sometimes meet decimals and widen.
///
/// Fields hold no commas (``RecordLines`` splits at every comma).
struct CustomerFileGenerator {
  private var random: SplitMix64
  private var ids: [String] = []
  private var nextID = 0
  private var columnCount = 0
  /// Kinds of values a new column is given (its type is whatever the import infers).
  private let kinds: [ColumnType] = [.integer, .decimal, .boolean, .date, .timestamp, .text]
  /// The kind each column was created with, until the workspace's catalogue says otherwise.
  private var intended: [String: ColumnType] = [:]

  init(seed: UInt64) {
    random = SplitMix64(seed: seed)
  }

  /// A file with up to `maxRows` rows for a workspace whose columns have `types`.
  mutating func file(types: [String: ColumnType], maxRows: Int) -> (header: [String], rows: [[String]]) {
    var columns = types.keys.sorted().filter { _ in Int.random(in: 0..<3, using: &random) > 0 }.shuffled(using: &random)
    for _ in 0..<Int.random(in: types.isEmpty ? 1...4 : 0...2, using: &random) {
      columnCount += 1
      let name = "col\(columnCount)"
      intended[name] = kinds.randomElement(using: &random)
      columns.insert(name, at: Int.random(in: 0...columns.count, using: &random))
    }
    var rowIDs: [String] = []
    let known = Set(ids.shuffled(using: &random).prefix(Int.random(in: 0...min(ids.count, maxRows), using: &random)))
    rowIDs.append(contentsOf: known)
    for _ in 0..<Int.random(in: (known.isEmpty ? 1 : 0)...max(1, maxRows - known.count), using: &random) {
      nextID += 1
      let id = "C\(nextID)"
      rowIDs.append(id)
      ids.append(id)
    }
    rowIDs.shuffle(using: &random)
    let rows = rowIDs.map { id in
      [Bool.random(using: &random) ? id : " \(id) "]
        + columns.map { value(for: types[$0] ?? intended[$0] ?? .text, widening: types[$0] == .integer) }
    }
    return (["customer_id"] + columns, rows)
  }

  /// A random field for a column of `type`.
  private mutating func value(for type: ColumnType, widening: Bool) -> String {
    if Int.random(in: 0..<8, using: &random) == 0 {
      return ["", "NA", "null", "N/A", " "].randomElement(using: &random) ?? ""
    }
    switch type {
    case .integer:
      if widening && Int.random(in: 0..<10, using: &random) == 0 { return decimal() }
      switch Int.random(in: 0..<10, using: &random) {
      case 0: return String(Int64.random(in: Int64.min...Int64.max, using: &random))
      case 1: return "+\(Int.random(in: 1...99, using: &random))"
      case 2: return String(Int64.random(in: -4_000_000_000_000...4_000_000_000_000, using: &random))
      default: return String(Int.random(in: -1_000...1_000, using: &random))
      }
    case .decimal: return decimal()
    case .boolean: return ["yes", "no", "Y", "n", "true", "False", "是", "否"].randomElement(using: &random) ?? "yes"
    case .date:
      let (year, month, day) = CivilDate.components(days: Int.random(in: -7_000...30_000, using: &random))
      let separator = Bool.random(using: &random) ? "-" : "/"
      return "\(year)\(separator)\(pad(month))\(separator)\(pad(day))"
    case .timestamp:
      let seconds = Int64.random(in: 0...2_000_000_000, using: &random)
      let iso = CivilDate.isoString(seconds: seconds)
      switch Int.random(in: 0..<3, using: &random) {
      case 0: return iso.replacingOccurrences(of: "T", with: " ")
      case 1: return String(iso.prefix(16))
      default: return iso.filter(\.isNumber)
      }
    case .text:
      let words = ["北京", "上海", "plan A", "x", "Ünïcode", "42", "t-\(Int.random(in: 0...50, using: &random))"]
      return words.randomElement(using: &random) ?? "x"
    }
  }

  /// A random decimal in one of the forms files hold.
  private mutating func decimal() -> String {
    switch Int.random(in: 0..<12, using: &random) {
    case 0:
      return
        "\(Int.random(in: -9...9, using: &random)).\(Int.random(in: 0...9, using: &random))e\(Int.random(in: -30...30, using: &random))"
    case 1: return "-0.0"
    case 2: return "0.\(UInt64.random(in: 1...UInt64.max, using: &random))\(Int.random(in: 0...99, using: &random))"
    case 3: return String(Double.random(in: -1e6...1e6, using: &random))
    case 4:
      return "\(Int.random(in: 0...999_999_999, using: &random))\(Int.random(in: 0...999_999_999, using: &random)).5"
    default:
      let digits = Int.random(in: 1...6, using: &random)
      var fraction = String(Int.random(in: 0..<Int(pow10(digits)), using: &random))
      fraction = String(repeating: "0", count: digits - fraction.count) + fraction
      return "\(Int.random(in: -100_000...100_000, using: &random)).\(fraction)"
    }
  }

  private func pow10(_ exponent: Int) -> Double { (0..<exponent).reduce(1.0) { value, _ in value * 10 } }

  private func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
