import Foundation
import SegmentaCore

/// Rows of a CSV file of outcomes (responses, contact attempts, experiments, staff) read with the
/// import guarantees: named columns in any order, every bad cell located by line and column, and
/// either the first bad row stopping the read or bad rows skipped and counted by reason.
package final class OutcomeRows {
  let path: String
  let reader: CSVReader
  let position: [String: Int]
  let onError: BadRowPolicy
  let isImport: Bool
  /// Data rows read.
  package private(set) var rowsRead = 0
  /// Rows left out, by reason.
  package private(set) var skipped: [RowProblemReason: Int] = [:]
  /// The first line left out for each reason.
  package private(set) var firstSkippedLine: [RowProblemReason: Int] = [:]

  /// Opens `path`, which must have the `required` columns (`what` names the file kind in messages).
  ///
  /// With `onError: .fail` the first bad row stops the read; in an import (`isImport`) its error
  /// adds that nothing was imported and how to skip bad rows.
  package init(
    path: String, required: [String], optional: [String], what: String, onError: BadRowPolicy, isImport: Bool
  ) throws(DataFileError) {
    self.path = path
    self.onError = onError
    self.isImport = isImport
    reader = try CSVReader(path: path)
    var position: [String: Int] = [:]
    for (column, name) in reader.header.enumerated() {
      let key = name.trimmingCharacters(in: .whitespaces).lowercased()
      if position[key] == nil { position[key] = column }
    }
    self.position = position
    let missing = required.filter { position[$0] == nil }
    guard missing.isEmpty else {
      throw DataFileError(
        file: path, line: 1,
        message:
          "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); \(what) needs "
          + required.joined(separator: ", ")
          + (optional.isEmpty ? "" : " and optionally \(optional.joined(separator: ", "))"))
    }
  }

  /// Calls `body` for every row; a ``RowProblem`` stops the read (thrown as its error) or is
  /// counted and skipped.
  package func forEach(_ body: () throws -> Void) throws {
    while try reader.next() {
      rowsRead += 1
      do {
        try body()
      } catch let problem as RowProblem {
        guard onError == .skip else { throw problem.error }
        skipped[problem.reason, default: 0] += 1
        if firstSkippedLine[problem.reason] == nil { firstSkippedLine[problem.reason] = reader.line }
      }
    }
  }

  /// The trimmed text of `column` in the current row ("" when absent).
  package func text(_ column: String) -> String {
    guard let at = position[column], at < reader.fieldCount else { return "" }
    return reader.string(at: at).trimmingCharacters(in: .whitespaces)
  }

  /// A located problem in `column` of the current row.
  package func problem(_ column: String, _ reason: RowProblemReason, _ message: String) -> RowProblem {
    RowProblem(
      reason: reason,
      error: DataFileError(
        file: path, line: reader.line, column: position[column].map { $0 + 1 }, columnName: column,
        message: message
          + (isImport ? "; nothing was imported (fix the row, or pass --on-error skip)" : "")))
  }

  /// A yes/no cell.
  package func flag(_ column: String) throws -> Bool {
    let value = text(column)
    guard let parsed = Array(value.utf8).withUnsafeBufferPointer({ ValueParser.parseBoolean($0) }) else {
      throw problem(
        column, .badValue,
        "expected true/false, yes/no, y/n, 1/0 or 是/否, found \(value.isEmpty ? "an empty cell" : "'\(value)'")")
    }
    return parsed
  }

  /// A date or timestamp cell as seconds since 1970 (UTC); nil when empty and not `required`.
  package func seconds(_ column: String, required: Bool = false) throws -> Int64? {
    let value = text(column)
    if value.isEmpty && !required { return nil }
    let parsed = Array(value.utf8).withUnsafeBufferPointer { buffer in
      ValueParser.parseTimestamp(buffer) ?? ValueParser.parseDate(buffer).map { Int64($0) * 86_400 }
    }
    guard let parsed else {
      throw problem(
        column, .badValue,
        "expected a date as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, found \(value.isEmpty ? "an empty cell" : "'\(value)'")")
    }
    return parsed
  }

  /// A number cell; 0 when empty.
  package func number(_ column: String) throws -> Double {
    let value = text(column)
    if value.isEmpty { return 0 }
    guard let parsed = Double(value), parsed.isFinite else {
      throw problem(column, .badValue, "expected a number, found '\(value)'")
    }
    return parsed
  }
}
