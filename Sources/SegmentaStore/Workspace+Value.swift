import Foundation
import GRDB
import SegmentaCore

extension Workspace {
  /// Stores a value table as `info.label`, replacing a table of the same label (and the scores and
  /// results computed from it).
  @discardableResult
  package func saveValueTable(info: ValuePeriodInfo, customerKeys: [Int64], columns: [(String, [Double])])
    throws(SegmentaError) -> Int64
  {
    let infoText = try Self.converting { String(decoding: try JSONEncoder().encode(info), as: UTF8.self) }
    var id: Int64 = 0
    try Self.converting {
      try database.inTransaction(.immediate) { db in
        try db.execute(sql: "DELETE FROM value_period WHERE label = ?", arguments: [info.label])
        try db.execute(
          sql: "INSERT INTO value_period(label, built_at, info, customer_keys) VALUES (?, ?, ?, ?)",
          arguments: [info.label, info.builtAt, infoText, Self.blob(customerKeys)])
        id = db.lastInsertedRowID
        for (name, values) in columns {
          precondition(values.count == customerKeys.count)
          try db.execute(
            sql: "INSERT INTO value_column(period_id, name, value_data) VALUES (?, ?, ?)",
            arguments: [id, name, Self.blob(values)])
        }
        return .commit
      }
    }
    return id
  }

  /// The value table `label`, or the latest built; nil when none was built (or `label` is unknown and
  /// `label` is nil).
  ///
  /// With `columns`, only the columns of those names are read (``StoredValueTable/columnNames`` lists
  /// them all).
  package func valueTableIfBuilt(label: String? = nil, columns wanted: Set<String>? = nil) throws(SegmentaError)
    -> StoredValueTable?
  {
    try read { db in
      let row: Row?
      if let label {
        row = try Row.fetchOne(db, sql: "SELECT * FROM value_period WHERE label = ?", arguments: [label])
        if row == nil {
          let labels = try String.fetchAll(db, sql: "SELECT label FROM value_period ORDER BY id")
          throw SegmentaError(
            .notFound,
            "no value table '\(label)'"
              + (labels.isEmpty
                ? "; build one with `segmenta value build --transactions FILE`"
                : "; value tables are: \(labels.joined(separator: ", "))"))
        }
      } else {
        row = try Row.fetchOne(db, sql: "SELECT * FROM value_period ORDER BY id DESC LIMIT 1")
      }
      guard let row else { return nil }
      let id: Int64 = row["id"]
      let info = try JSONDecoder().decode(ValuePeriodInfo.self, from: Data((row["info"] as String).utf8))
      let names = try String.fetchAll(
        db, sql: "SELECT name FROM value_column WHERE period_id = ? ORDER BY name", arguments: [id])
      var columns: [String: [Double]] = [:]
      for name in names where wanted?.contains(name) ?? true {
        let data = try Row.fetchOne(
          db, sql: "SELECT value_data FROM value_column WHERE period_id = ? AND name = ?", arguments: [id, name])
        columns[name] = Self.array(data?["value_data"])
      }
      return StoredValueTable(
        id: id, info: info, customerKeys: Self.array(row["customer_keys"]), columns: columns, columnNames: names)
    }
  }

  /// The value table `label`, or the latest; fails with what to run when none was built.
  package func valueTable(label: String? = nil) throws(SegmentaError) -> StoredValueTable {
    guard let table = try valueTableIfBuilt(label: label) else {
      throw SegmentaError(
        .missingPrerequisite,
        "no value table yet; build one from transactions with `segmenta value build --transactions FILE`")
    }
    return table
  }

  /// Adds or replaces columns of value table `id` (each aligned to its customers).
  package func saveValueColumns(_ columns: [(String, [Double])], table id: Int64) throws(SegmentaError) {
    try write { db in
      for (name, values) in columns {
        try db.execute(
          sql: "INSERT OR REPLACE INTO value_column(period_id, name, value_data) VALUES (?, ?, ?)",
          arguments: [id, name, Self.blob(values)])
      }
    }
  }

  /// Stores the result `kind` (JSON text) of value table `id`, replacing an earlier one.
  package func saveValueResult(_ text: String, kind: String, table id: Int64) throws(SegmentaError) {
    try write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO value_result(period_id, kind, result, created_at) VALUES (?, ?, ?, ?)",
        arguments: [id, kind, text, Timestamp.now()])
    }
  }

  /// The result `kind` of value table `id`, if computed.
  package func valueResult(kind: String, table id: Int64) throws(SegmentaError) -> String? {
    try read { db in
      try String.fetchOne(
        db, sql: "SELECT result FROM value_result WHERE period_id = ? AND kind = ?", arguments: [id, kind])
    }
  }

  /// When the result `kind` of value table `id` was stored (ISO 8601, UTC), if computed.
  package func valueResultDate(kind: String, table id: Int64) throws(SegmentaError) -> String? {
    try read { db in
      try String.fetchOne(
        db, sql: "SELECT created_at FROM value_result WHERE period_id = ? AND kind = ?", arguments: [id, kind])
    }
  }

  /// The labels of the value tables, oldest first.
  package func valueTableLabels() throws(SegmentaError) -> [String] {
    try read { db in try String.fetchAll(db, sql: "SELECT label FROM value_period ORDER BY id") }
  }
}
