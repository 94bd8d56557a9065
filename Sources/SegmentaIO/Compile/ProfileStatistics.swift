import Foundation
import SegmentaCore

/// Reads the statistics ``ProfileSQL``'s query returns, saved as CSV with a header (`segment`, `statistic`,
/// `item`, `category`, `value`, in any order; other columns are ignored), into the aggregates a profile is
/// built from.
///
/// Every segment needs its `size`; every feature its `count`, `sum`, `scaled_sum` and `scaled_squares` (a sum
/// may be empty where nothing is present); every KPI its rows. Counts are whole numbers, the other values finite
/// numbers or empty (missing). An error names the file, and the line and column where a value is wrong.
package enum ProfileStatistics {
  /// The columns the file must have.
  package static let columns = ["segment", "statistic", "item", "category", "value"]
  /// The statistics a row may hold.
  package static let statistics: Set<String> = [
    "size", "count", "sum", "scaled_sum", "scaled_squares", "top", "median", "share_count",
  ]
  /// Statistics that are counts of customers.
  static let counts: Set<String> = ["size", "count", "top", "share_count"]

  struct Key: Hashable {
    var segment: Int
    var statistic: String
    var item: String
    var category: String
  }

  /// Reads `path` as the statistics of `profile`.
  package static func read(path: String, profile: ProfileSQL) throws(DataFileError) -> SegmentAggregates {
    let reader = try CSVReader(path: path)
    var index: [String: Int] = [:]
    for name in columns {
      guard let found = reader.header.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
        throw DataFileError(
          file: path, line: 1,
          message:
            "missing column '\(name)'; the statistics have the columns \(columns.joined(separator: ", ")), as the "
            + "query of `segmenta compile profile` returns them")
      }
      index[name] = found
    }
    let segmentCount = profile.model.segmentCount
    let numbers = profile.numberColumns
    let known = Set(numbers.map(\.name) + profile.textColumns)
    var values: [Key: Double?] = [:]
    var lines: [Key: Int] = [:]
    while try reader.next() {
      let line = reader.line
      func field(_ name: String) throws(DataFileError) -> (text: String, column: Int) {
        let column = index[name] ?? 0
        guard column < reader.fieldCount else {
          throw DataFileError(
            file: path, line: line, column: reader.fieldCount + 1,
            message: "the row has \(reader.fieldCount) fields; the header has \(reader.header.count)")
        }
        return (reader.string(at: column).trimmingCharacters(in: .whitespaces), column + 1)
      }
      func wrong(_ name: String, _ column: Int, _ message: String) -> DataFileError {
        DataFileError(file: path, line: line, column: column, columnName: name, message: message)
      }
      let segment = try field("segment")
      guard let id = Int(segment.text), (1...max(segmentCount, 1)).contains(id) else {
        throw wrong(
          "segment", segment.column,
          "'\(CSVReader.excerpt(segment.text))' is not a segment of \(profile.name) version \(profile.version) "
            + "(1 to \(segmentCount))")
      }
      let statistic = try field("statistic")
      guard statistics.contains(statistic.text) else {
        throw wrong(
          "statistic", statistic.column,
          "'\(CSVReader.excerpt(statistic.text))' is not a statistic (\(statistics.sorted().joined(separator: ", ")))")
      }
      let item = try field("item")
      guard statistic.text == "size" || known.contains(item.text) else {
        throw wrong(
          "item", item.column,
          "'\(CSVReader.excerpt(item.text))' is not a column this profile reads; compile the query again for "
            + "\(profile.name) version \(profile.version) and the same spec")
      }
      let category = try field("category")
      let value = try field("value")
      var number: Double?
      if !value.text.isEmpty {
        guard let parsed = Double(value.text), parsed.isFinite else {
          throw wrong("value", value.column, "'\(CSVReader.excerpt(value.text))' is not a number")
        }
        if counts.contains(statistic.text), parsed < 0 || parsed != parsed.rounded() || parsed > 9e15 {
          throw wrong("value", value.column, "'\(CSVReader.excerpt(value.text))' is not a count (a whole number ≥ 0)")
        }
        number = parsed
      } else if counts.contains(statistic.text) {
        throw wrong("value", value.column, "the \(statistic.text) is empty; counts are whole numbers ≥ 0")
      }
      let key = Key(
        segment: id - 1, statistic: statistic.text, item: statistic.text == "size" ? "" : item.text,
        category: ["top", "share_count"].contains(statistic.text) ? reader.string(at: category.column - 1) : "")
      if let first = lines[key] {
        throw wrong("statistic", statistic.column, "repeats the \(statistic.text) of line \(first)")
      }
      lines[key] = line
      values[key] = number
    }

    func missing(_ what: String, segment: Int) -> DataFileError {
      DataFileError(
        file: path,
        message:
          "no \(what) row for segment \(segment + 1); give the complete result of the query "
          + "`segmenta compile profile \(profile.name) --version \(profile.version)` wrote")
    }
    func count(_ statistic: String, _ item: String, _ s: Int, category: String = "") throws(DataFileError) -> Int {
      guard let value = values[Key(segment: s, statistic: statistic, item: item, category: category)] else {
        throw missing(item.isEmpty ? "'\(statistic)'" : "'\(statistic)' of '\(item)'", segment: s)
      }
      return Int(value ?? 0)
    }
    func number(_ statistic: String, _ item: String, _ s: Int) throws(DataFileError) -> Double? {
      guard let value = values[Key(segment: s, statistic: statistic, item: item, category: "")] else {
        throw missing("'\(statistic)' of '\(item)'", segment: s)
      }
      return value
    }

    var sizes: [Int] = []
    for s in 0..<segmentCount { sizes.append(try count("size", "", s)) }
    var sums: [String: FeatureSums] = [:]
    var separations: [FeatureSeparation] = []
    for column in numbers where column.mean || column.transform != nil {
      var feature = FeatureSums(count: [], sum: [], scaledSum: [], scaledSquares: [])
      for s in 0..<segmentCount {
        let present = try count("count", column.name, s)
        let sum = try number("sum", column.name, s)
        if present > 0 && sum == nil { throw missing("'sum' of '\(column.name)' (it is empty)", segment: s) }
        feature.count.append(present)
        feature.sum.append(sum ?? 0)
        if column.transform != nil {
          feature.scaledSum.append(try number("scaled_sum", column.name, s) ?? 0)
          feature.scaledSquares.append(try number("scaled_squares", column.name, s) ?? 0)
        }
      }
      sums[column.name] = feature
      if column.transform != nil { separations.append(FeatureSeparation(sums: feature, sizes: sizes)) }
    }
    var categories: [(name: String, counts: [[String: Int]])] = []
    for column in profile.categories {
      var counts = [[String: Int]](repeating: [:], count: segmentCount)
      for (key, value) in values where key.statistic == "top" && key.item == column {
        counts[key.segment][key.category] = Int(value ?? 0)
      }
      categories.append((column, counts))
    }
    var kpiValues = [[Double?]](repeating: [], count: segmentCount)
    for s in 0..<segmentCount {
      for kpi in profile.kpis {
        switch kpi.measure {
        case .mean(let column):
          let feature = sums[column]
          kpiValues[s].append(
            feature.flatMap { $0.count[s] > 0 ? $0.sum[s] / Double($0.count[s]) : nil })
        case .median(let column):
          kpiValues[s].append(try number("median", column, s))
        case .share(let column, let value):
          let matches = try count("share_count", column, s, category: value)
          kpiValues[s].append(sizes[s] > 0 ? Double(matches) / Double(sizes[s]) : nil)
        }
      }
    }
    return SegmentAggregates(
      sizes: sizes, separations: separations, categories: categories, kpiValues: kpiValues)
  }
}
