import GRDB
import GRDBSQLite
import SegmentaCore

extension Workspace {
  /// The customer columns, in catalogue order.
  package func customerColumns() throws(SegmentaError) -> [CustomerColumn] {
    try read { db in try Self.customerColumns(db) }
  }

  static func customerColumns(_ db: Database) throws -> [CustomerColumn] {
    try Row.fetchAll(db, sql: "SELECT position, name, storage, type, personal FROM customer_column ORDER BY position")
      .map { row in
        CustomerColumn(
          position: row["position"], name: row["name"], storage: row["storage"],
          type: ColumnType(rawValue: row["type"]) ?? .text, personal: row["personal"])
      }
  }

  /// Number of customers.
  package func customerCount() throws(SegmentaError) -> Int {
    try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customer") ?? 0 }
  }

  /// Every customer's key, ascending.
  package func customerKeys() throws(SegmentaError) -> [Int64] {
    var keys: [Int64] = []
    keys.reserveCapacity(try customerCount())
    try scanCustomers(storages: []) { key, _ in keys.append(key) }
    return keys
  }

  /// The key of the customer `id`, nil when there is none.
  package func customerKey(id: String) throws(SegmentaError) -> Int64? {
    try read { db in try Int64.fetchOne(db, sql: "SELECT key FROM customer WHERE id = ?", arguments: [id]) }
  }

  /// Every customer's key and id, in key order, with an index from id bytes to position.
  package func customerIndex() throws(SegmentaError) -> (keys: [Int64], ids: ByteStringTable) {
    var keys: [Int64] = []
    var ids = ByteStringTable(capacity: try customerCount())
    try scanCustomers(storages: ["id"]) { key, statement in
      keys.append(key)
      let bytes = sqlite3_column_blob(statement, 1)
      let count = Int(sqlite3_column_bytes(statement, 1))
      ids.insert(UnsafeBufferPointer(start: bytes?.assumingMemoryBound(to: UInt8.self), count: count))
    }
    return (keys, ids)
  }

  /// The values of numeric, boolean, date and timestamp customer columns for the customers with
  /// `keys`, in that order: numbers as they are, dates as days since 1970-01-01, NaN where missing.
  package func customerValues(columns names: [String], keys: [Int64]) throws(SegmentaError)
    -> [String: CustomerColumnValues]
  {
    let catalogue = try customerColumns()
    let columns = names.compactMap { name in catalogue.first { $0.name == name } }
    guard !columns.isEmpty else { return [:] }
    var values = [[Double]](repeating: [Double](repeating: .nan, count: keys.count), count: columns.count)
    try scanCustomers(storages: columns.map(\.storage), keys: keys) { position, statement in
      for (index, column) in columns.enumerated() {
        values[index][Int(position)] = Self.number(statement, Int32(index + 1), type: column.type)
      }
    }
    var result: [String: CustomerColumnValues] = [:]
    for (index, column) in columns.enumerated() {
      result[column.name] = CustomerColumnValues(type: column.type, values: values[index])
    }
    return result
  }

  /// Up to this many customers are read by key rather than by a scan of the table.
  static let pointLookupLimit = 4096

  /// Reads customers' `storages` columns with one query, calling `body` with each row's key (or,
  /// given `keys`, its position in `keys`; customers not in `keys` are skipped) and the statement
  /// whose columns 1… hold the values.
  func scanCustomers(
    storages: [String], keys: [Int64]? = nil, _ body: (Int64, OpaquePointer) throws -> Void
  ) throws(SegmentaError) {
    if let keys, keys.count <= Self.pointLookupLimit {
      // A few customers (a page of a list, one card): look each up by key instead of scanning all.
      try read { db in
        let columns = (["key"] + storages).joined(separator: ", ")
        let statement = try db.makeStatement(sql: "SELECT \(columns) FROM customer WHERE key = ?")
        let raw = statement.sqliteStatement
        for (position, key) in keys.enumerated() {
          sqlite3_reset(raw)
          sqlite3_bind_int64(raw, 1, key)
          let code = sqlite3_step(raw)
          if code == SQLITE_ROW {
            try body(Int64(position), raw)
          } else if code != SQLITE_DONE {
            throw SegmentaError(
              .database, "workspace database error: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))",
              sqliteCode: code)
          }
        }
      }
      return
    }
    let sorted = keys.map { zip($0, $0.dropFirst()).allSatisfy { $0 < $1 } } ?? true
    let lookup = sorted ? [:] : Dictionary(uniqueKeysWithValues: (keys ?? []).enumerated().map { ($1, $0) })
    try read { db in
      // A scan reads every page once: a small page cache keeps it from holding the whole table.
      let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
      try db.execute(sql: "PRAGMA cache_size = -8192")
      defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
      let columns = (["key"] + storages).joined(separator: ", ")
      let statement = try db.makeStatement(sql: "SELECT \(columns) FROM customer ORDER BY key")
      let raw = statement.sqliteStatement
      var next = 0
      while true {
        let code = sqlite3_step(raw)
        if code == SQLITE_DONE { break }
        guard code == SQLITE_ROW else {
          throw SegmentaError(
            .database, "workspace database error: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))",
            sqliteCode: code)
        }
        let key = sqlite3_column_int64(raw, 0)
        guard let keys else {
          try body(key, raw)
          continue
        }
        if sorted {
          // Both sides ascend: walk them together.
          while next < keys.count && keys[next] < key { next += 1 }
          if next < keys.count && keys[next] == key { try body(Int64(next), raw) }
        } else if let position = lookup[key] {
          try body(Int64(position), raw)
        }
      }
    }
  }

  /// Column `index` of the current row as a number of `type` (NaN when missing or not a number).
  static func number(_ statement: OpaquePointer, _ index: Int32, type: ColumnType) -> Double {
    switch sqlite3_column_type(statement, index) {
    case SQLITE_NULL: return .nan
    case SQLITE_INTEGER: return Double(sqlite3_column_int64(statement, index))
    case SQLITE_FLOAT: return sqlite3_column_double(statement, index)
    case SQLITE_TEXT:
      let bytes = UnsafeBufferPointer(
        start: sqlite3_column_text(statement, index), count: Int(sqlite3_column_bytes(statement, index)))
      switch type {
      case .date: return ValueParser.parseDate(bytes).map(Double.init) ?? .nan
      case .timestamp:
        return ValueParser.parseTimestamp(bytes).map { Double($0) / Double(CivilDate.secondsPerDay) } ?? .nan
      default: return .nan
      }
    default: return .nan
    }
  }
}

extension Workspace {
  /// The ids of the customers with `keys`, in that order (empty string for an unknown key).
  package func customerIDs(keys: [Int64]) throws(SegmentaError) -> [String] {
    var ids = [String](repeating: "", count: keys.count)
    try scanCustomers(storages: ["id"], keys: keys) { position, statement in
      ids[Int(position)] = Self.text(statement, 1) ?? ""
    }
    return ids
  }

  /// The text of customer columns for the customers with `keys`, in that order (nil where missing).
  package func customerText(columns names: [String], keys: [Int64]) throws(SegmentaError) -> [String: [String?]] {
    let catalogue = try customerColumns()
    let columns = names.compactMap { name in catalogue.first { $0.name == name } }
    guard !columns.isEmpty else { return [:] }
    var values = [[String?]](repeating: [String?](repeating: nil, count: keys.count), count: columns.count)
    // Categorical values repeat: share one String per distinct value.
    var interned: [ByteStringTable] = columns.map { _ in ByteStringTable() }
    var strings: [[String]] = columns.map { _ in [] }
    try scanCustomers(storages: columns.map(\.storage), keys: keys) { position, statement in
      for index in columns.indices {
        let column = Int32(index + 1)
        guard sqlite3_column_type(statement, column) != SQLITE_NULL else { continue }
        let bytes = UnsafeBufferPointer(
          start: sqlite3_column_text(statement, column), count: Int(sqlite3_column_bytes(statement, column)))
        let (slot, inserted) = interned[index].insert(bytes)
        if inserted { strings[index].append(String(decoding: bytes, as: UTF8.self)) }
        values[index][Int(position)] = strings[index][slot]
      }
    }
    return Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1.name, values[$0]) })
  }

  /// Column `index` of the current row as text, nil when missing.
  static func text(_ statement: OpaquePointer, _ index: Int32) -> String? {
    guard sqlite3_column_type(statement, index) != SQLITE_NULL, let text = sqlite3_column_text(statement, index) else {
      return nil
    }
    return String(cString: text)
  }

  /// Text columns fit to describe segments: not personal data and at most `limit` distinct values.
  package func categoricalColumns(limit: Int = 200) throws(SegmentaError) -> [String] {
    let catalogue = try customerColumns().filter { $0.type == .text && !$0.personal }
    return try read { db in
      try catalogue.filter { column in
        let distinct =
          try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM (SELECT DISTINCT \(column.storage) FROM customer LIMIT \(limit + 1))") ?? 0
        return distinct <= limit
      }.map(\.name)
    }
  }
}

extension Workspace {
  /// Every numeric feature of `table` and every numeric customer column that is not personal data.
  ///
  /// A feature hides a column of the same name. Values are aligned to `keys` (NaN where a customer
  /// has no value); customer columns are labelled with their names.
  package func numericColumns(table: StoredWideTable?, keys: [Int64]) throws(SegmentaError) -> [ProfileColumn] {
    var columns: [ProfileColumn] = []
    if let table {
      for feature in table.features where feature.categories.isEmpty {
        columns.append(
          ProfileColumn(
            name: feature.name, label: feature.label,
            values: StoredWideTable.align(feature.values, from: table.customerKeys, to: keys)))
      }
    }
    let numeric = try customerColumns().filter { column in
      column.type.isNumeric && !column.personal && !columns.contains { $0.name == column.name }
    }
    let values = try customerValues(columns: numeric.map(\.name), keys: keys)
    for column in numeric {
      if let stored = values[column.name] {
        columns.append(
          ProfileColumn(name: column.name, label: FeatureLabel(zh: column.name, en: column.name), values: stored.values)
        )
      }
    }
    return columns
  }

  /// The column marking customers who must not be contacted on any channel, if the workspace has one.
  package func doNotContactColumn() throws(SegmentaError) -> String? {
    try customerColumns().first { $0.name.lowercased() == "do_not_contact" }?.name
  }

  /// For each customer of `keys`, whether any of the columns `names` holds a true value (present and
  /// not zero): opt-out and do-not-contact flags.
  package func anyFlag(_ names: [String], keys: [Int64]) throws(SegmentaError) -> [Bool] {
    var result = [Bool](repeating: false, count: keys.count)
    for column in try customerValues(columns: names, keys: keys).values {
      for (row, value) in column.values.enumerated() where !value.isNaN && value != 0 { result[row] = true }
    }
    return result
  }
}
