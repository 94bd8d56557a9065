@testable import SegmentaCore

/// A column a test asked for that its ``TableData`` does not hold.
struct UnknownColumn: Error {
  /// The column's name.
  var name: String
}

/// Rule data held in memory.
struct TableData: RuleData {
  var rowCount: Int
  var numberColumns: [String: [Double]] = [:]
  var textColumns: [String: [String?]] = [:]
  var segmentColumns: [String: [Int32]] = [:]
  /// Previous assignments (`segment(NAME, previous)`), by segmentation.
  var previousSegmentColumns: [String: [Int32]] = [:]
  var tagColumns: [String: [Bool]] = [:]

  func numbers(_ field: String) throws -> [Double] {
    guard let column = numberColumns[field] else { throw UnknownColumn(name: field) }
    return column
  }

  func texts(_ field: String) throws -> RuleTextColumn {
    guard let column = textColumns[field] else { throw UnknownColumn(name: field) }
    return RuleTextColumn(column)
  }

  func segments(_ segmentation: String) throws -> [Int32] {
    guard let column = segmentColumns[segmentation] else { throw UnknownColumn(name: segmentation) }
    return column
  }

  func previousSegments(_ segmentation: String) throws -> [Int32] {
    guard let column = previousSegmentColumns[segmentation] else { throw UnknownColumn(name: segmentation) }
    return column
  }

  func tag(_ name: String) throws -> [Bool] {
    guard let column = tagColumns[name] else { throw UnknownColumn(name: name) }
    return column
  }

  var schema: RuleSchema {
    var fields: [String: RuleFieldType] = [:]
    for name in numberColumns.keys {
      fields[name] = name.hasPrefix("is_") ? .boolean : name.hasSuffix("_date") ? .date : .number
    }
    for name in textColumns.keys { fields[name] = .text }
    let segments = [
      RuleSchema.Segment(id: 1, names: ["商务", "Business"]), RuleSchema.Segment(id: 2, names: ["Youth"]),
      RuleSchema.Segment(id: 3, names: ["C3"]),
    ]
    return RuleSchema(
      fields: fields, segmentations: segmentColumns.mapValues { _ in segments }, tags: Set(tagColumns.keys),
      previousSegmentations: previousSegmentColumns.mapValues { _ in segments })
  }
}

/// Five customers; NaN and nil are missing.
let sample: TableData = {
  let nan = Double.nan
  var data = TableData(rowCount: 5)
  data.numberColumns = [
    "arpu": [50, 120, nan, 300, 0],
    "minutes": [10, 0, 5, nan, 40],
    "is_vip": [1, 0, nan, 1, 0],
    "start_date": [19723, 19800, nan, 19000, 19724],  // 2024-01-01, 2024-03-18, –, 2022-01-08, 2024-01-02
  ]
  data.textColumns = ["city": ["北京", "上海", nil, "北京", "深圳"], "home_city": ["北京", "广州", "广州", nil, "深圳"]]
  data.segmentColumns = ["usage": [1, 2, 3, 0, 1]]
  data.tagColumns = ["stock_investor": [true, false, false, true, false]]
  return data
}()

/// The truth of `rule` for every customer of `data`.
func evaluate(_ rule: String, _ data: TableData = sample) throws -> [UInt8] {
  var evaluator = RuleEvaluator(data: data)
  return try evaluator.truth(CompiledRule(rule, schema: data.schema))
}

/// Rows where the rule is true, false and unknown, as strings of y/n/?.
func truths(_ rule: String, _ data: TableData = sample) throws -> String {
  String(try evaluate(rule, data).map { $0 == Truth.yes ? "y" : $0 == Truth.no ? "n" : "?" })
}

/// The error compiling `rule` against `data`'s schema, or nil when it compiles.
func ruleError(_ rule: String, _ data: TableData = sample) -> RuleError? {
  do {
    _ = try CompiledRule(rule, schema: data.schema)
    return nil
  } catch {
    return error
  }
}
