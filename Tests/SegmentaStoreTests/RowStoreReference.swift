import Foundation
import GRDB
import SegmentaCore

@testable import SegmentaStore

/// The customer row table of schema version 8 — `customer(key INTEGER PRIMARY KEY, id TEXT NOT NULL
/// UNIQUE, c1, c2, …)` and its catalogue — written and read as Segmenta did before the columnar store.
///
/// It is the reference the columnar store must agree with, and it writes the customers of a
/// version-8 workspace for the migration test.
struct RowStoreReference {
  /// What the row table's readers returned for every customer, in key order.
  struct Answers: Equatable {
    var keys: [Int64]
    var ids: [String]
    /// Numeric columns as `Double` bit patterns (NaN where missing), as `customerValues` read them.
    var numbers: [String: [UInt64]]
    /// Every column as text (nil where missing), as `customerText` read it; decimals left out, whose
    /// text SQLite wrote with 15 significant digits.
    var texts: [String: [String?]]

    /// Where `other` first differs, for a short message; nil when equal.
    func firstDifference(from other: Answers) -> String? {
      if keys != other.keys { return "keys: \(keys.count) vs \(other.keys.count)" }
      if let row = ids.indices.first(where: { $0 >= other.ids.count || ids[$0] != other.ids[$0] }) {
        return "id of key \(keys[row])"
      }
      for name in Set(numbers.keys).union(other.numbers.keys).sorted() {
        let (mine, theirs) = (numbers[name] ?? [], other.numbers[name] ?? [])
        if let row = mine.indices.first(where: { $0 < theirs.count && mine[$0] != theirs[$0] }) {
          return "\(name) of \(ids[row]): \(Double(bitPattern: mine[row])) vs \(Double(bitPattern: theirs[row]))"
        }
        if mine.count != theirs.count { return "\(name): \(mine.count) numbers vs \(theirs.count)" }
      }
      for name in Set(texts.keys).union(other.texts.keys).sorted() {
        let (mine, theirs) = (texts[name] ?? [], other.texts[name] ?? [])
        if let row = mine.indices.first(where: { $0 < theirs.count && mine[$0] != theirs[$0] }) {
          return "\(name) of \(ids[row]): \(mine[row] ?? "nil") vs \(theirs[row] ?? "nil")"
        }
        if mine.count != theirs.count { return "\(name): \(mine.count) texts vs \(theirs.count)" }
      }
      return nil
    }
  }

  /// Creates the version-8 customer tables in `db`.
  static func createTables(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE customer (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
        CREATE TABLE customer_column (
          position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, storage TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
          personal INTEGER NOT NULL DEFAULT 0, added_at TEXT NOT NULL);
        """)
  }

  /// Upserts `rows` (fields in `header` order, ids in `header[0]`) with the column types `types`,
  /// as the version-8 import did: new columns added with their SQL type, whole-number columns that
  /// became decimal widened in the catalogue only, values bound as integers, reals or ISO text.
  static func upsert(_ db: Database, header: [String], rows: [[String]], types: [String: ColumnType]) throws {
    let catalogue = try Workspace.customerColumns(db)
    var nextPosition = (catalogue.map(\.position).max() ?? 0) + 1
    var storages: [String] = []
    for name in header.dropFirst() {
      let type = types[name] ?? .text
      if let existing = catalogue.first(where: { $0.name == name }) {
        if existing.type == .integer && type == .decimal {
          try db.execute(
            sql: "UPDATE customer_column SET type = 'decimal' WHERE position = ?", arguments: [existing.position])
        }
        storages.append(existing.storage)
      } else {
        let storage = "c\(nextPosition)"
        let sqlType = type == .integer || type == .boolean ? "INTEGER" : type == .decimal ? "REAL" : "TEXT"
        try db.execute(sql: "ALTER TABLE customer ADD COLUMN \(storage) \(sqlType)")
        try db.execute(
          sql:
            "INSERT INTO customer_column(position, name, storage, type, personal, added_at) VALUES (?, ?, ?, ?, 0, '')",
          arguments: [nextPosition, name, storage, type.rawValue])
        storages.append(storage)
        nextPosition += 1
      }
    }
    let sql =
      "INSERT INTO customer(id\(storages.map { ", " + $0 }.joined())) VALUES (?\(String(repeating: ", ?", count: storages.count)))"
      + " ON CONFLICT(id) DO UPDATE SET "
      + (storages.isEmpty ? "id = excluded.id" : storages.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
    let statement = try db.makeStatement(sql: sql)
    for row in rows {
      var arguments: [(any DatabaseValueConvertible)?] = [row[0].trimmingCharacters(in: [" ", "\t"])]
      for (name, field) in zip(header.dropFirst(), row.dropFirst()) {
        arguments.append(try value(field, as: types[name] ?? .text))
      }
      try statement.execute(arguments: StatementArguments(arguments))
    }
  }

  /// A field as the version-8 import bound it.
  static func value(_ field: String, as type: ColumnType) throws -> (any DatabaseValueConvertible)? {
    if type == .text { return field.isEmpty ? nil : field }
    let parsed = ValueParser.withBytes(of: field) { CellValue.parse($0, as: type) }
    switch parsed {
    case .missing, nil: return nil
    case .integer(let value): return value
    case .decimal(let value): return value
    case .date(let days): return CivilDate.isoString(days: days)
    case .timestamp(let seconds): return CivilDate.isoString(seconds: seconds)
    case .text(let text): return text
    }
  }

  /// Every customer as the version-8 readers saw them.
  static func answers(_ db: Database) throws -> Answers {
    let catalogue = try Workspace.customerColumns(db)
    var answers = Answers(keys: [], ids: [], numbers: [:], texts: [:])
    let rows = try Row.fetchCursor(
      db, sql: "SELECT key, id\(catalogue.map { ", " + $0.storage }.joined()) FROM customer ORDER BY key")
    while let row = try rows.next() {
      answers.keys.append(row[0])
      answers.ids.append(row[1])
      for (offset, column) in catalogue.enumerated() {
        let value = row[offset + 2] as DatabaseValue
        if column.type != .text {
          answers.numbers[column.name, default: []].append(number(value, type: column.type).bitPattern)
        }
        if column.type != .decimal {
          let text: String?
          switch value.storage {
          case .null: text = nil
          case .int64(let integer): text = String(integer)
          case .double(let double): text = String(double)
          case .string(let string): text = string
          case .blob: text = nil
          }
          answers.texts[column.name, default: []].append(text)
        }
      }
    }
    return answers
  }

  /// A stored value as a number of `type`, as the version-8 reader read it.
  static func number(_ value: DatabaseValue, type: ColumnType) -> Double {
    switch value.storage {
    case .int64(let integer): return Double(integer)
    case .double(let double): return double
    case .string(let text):
      switch type {
      case .date: return ValueParser.withBytes(of: text) { ValueParser.parseDate($0) }.map(Double.init) ?? .nan
      case .timestamp:
        return ValueParser.withBytes(of: text) { ValueParser.parseTimestamp($0) }.map {
          Double($0) / Double(CivilDate.secondsPerDay)
        } ?? .nan
      default: return .nan
      }
    case .null, .blob: return .nan
    }
  }

  /// The same answers read from a columnar workspace through the Store's readers.
  static func answers(_ workspace: Workspace) throws -> Answers {
    let catalogue = try workspace.customerColumns()
    let keys = try workspace.customerKeys()
    var answers = Answers(keys: keys, ids: try workspace.customerIDs(keys: keys), numbers: [:], texts: [:])
    let numbers = try workspace.customerValues(columns: catalogue.filter { $0.type != .text }.map(\.name), keys: keys)
    for (name, values) in numbers { answers.numbers[name] = values.values.map(\.bitPattern) }
    answers.texts = try workspace.customerText(
      columns: catalogue.filter { $0.type != .decimal }.map(\.name), keys: keys)
    return answers
  }
}
