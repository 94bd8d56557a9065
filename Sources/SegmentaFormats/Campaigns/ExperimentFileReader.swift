import Foundation
import SegmentaCore

/// Reads an experiment's outcomes from a CSV file for `segmenta campaign evaluate --input`.
///
/// Columns (any order, names case-insensitive): `customer_id`, `group` (`target` or `control`),
/// `reached` and `converted` (true/false, yes/no, y/n, 1/0 or 是/否) and optionally `revenue` (a
/// number; empty means 0). One row per customer; any bad cell stops the read with its line and column.
public enum ExperimentFileReader {
  /// The required and optional columns.
  public static let required = ["customer_id", "group", "reached", "converted"]
  /// Optional columns.
  public static let optional = ["revenue"]

  /// The outcomes of both groups.
  public static func read(path: String) throws(DataFileError) -> (target: ArmOutcome, control: ArmOutcome) {
    let reader = try CSVReader(path: path)
    let header = reader.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    var position: [String: Int] = [:]
    for (index, name) in header.enumerated() where position[name] == nil { position[name] = index }
    let missing = required.filter { position[$0] == nil }
    guard missing.isEmpty else {
      throw DataFileError(
        file: path, line: 1,
        message:
          "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); an experiment file needs "
          + "customer_id, group (target|control), reached, converted and optionally revenue")
    }
    var target = ArmOutcome()
    var control = ArmOutcome()
    var seen = Set<String>()
    func cell(_ name: String) -> (index: Int, text: String) {
      let index = position[name]!
      return (index, index < reader.fieldCount ? reader.string(at: index).trimmingCharacters(in: .whitespaces) : "")
    }
    func fail(_ name: String, _ message: String) -> DataFileError {
      DataFileError(file: path, line: reader.line, column: position[name]! + 1, columnName: name, message: message)
    }
    func flag(_ name: String) throws(DataFileError) -> Bool {
      let (index, text) = cell(name)
      guard index < reader.fieldCount, let value = ValueParser.parseBoolean(reader.bytes(at: index)) else {
        throw fail(
          name, "expected true/false, yes/no, y/n, 1/0 or 是/否, found \(text.isEmpty ? "an empty cell" : "'\(text)'")")
      }
      return value
    }
    while try reader.next() {
      let id = cell("customer_id").text
      guard !id.isEmpty else { throw fail("customer_id", "the customer id is empty") }
      guard seen.insert(id).inserted else {
        throw fail("customer_id", "customer '\(id)' appears twice; an experiment file has one row per customer")
      }
      let group = cell("group").text.lowercased()
      guard group == "target" || group == "control" else {
        throw fail("group", "expected target or control, found '\(cell("group").text)'")
      }
      let reached = try flag("reached")
      let converted = try flag("converted")
      var revenue = 0.0
      if position["revenue"] != nil {
        let text = cell("revenue").text
        if !text.isEmpty {
          guard let value = Double(text), value.isFinite else {
            throw fail("revenue", "expected a number, found '\(text)'")
          }
          revenue = value
        }
      }
      if group == "target" {
        target.add(reached: reached, converted: converted, revenue: revenue)
      } else {
        control.add(reached: reached, converted: converted, revenue: revenue)
      }
    }
    return (target, control)
  }
}
