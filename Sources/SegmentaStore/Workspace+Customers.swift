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
    try read { db in
      try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(value_count), 0) FROM customer_chunk WHERE column_position = 0")
        ?? 0
    }
  }

  /// Every customer's key, ascending.
  package func customerKeys() throws(SegmentaError) -> [Int64] {
    try read { db in try Self.customerKeys(db) }
  }

  static func customerKeys(_ db: Database) throws -> [Int64] {
    var keys: [Int64] = []
    var partial: [Int] = []
    for row in try Row.fetchAll(
      db, sql: "SELECT chunk, row_count, value_count FROM customer_chunk WHERE column_position = 0 ORDER BY chunk")
    {
      let chunk: Int = row[0]
      let rowCount: Int = row[1]
      let valueCount: Int = row[2]
      if valueCount == rowCount {
        let first = Int64(chunk * ColumnChunk.rows + 1)
        keys.append(contentsOf: first..<(first + Int64(rowCount)))
      } else {
        partial.append(chunk)
        keys.append(-Int64(chunk) - 1)
      }
    }
    guard !partial.isEmpty else { return keys }
    // Keys without a customer (left by deletions before the columnar store) are skipped.
    var present: [Int: [Int64]] = [:]
    try forEachChunk(db, position: 0, chunks: partial) { chunk, bytes in
      let ids = try TextChunk(bytes)
      present[chunk] = (0..<ids.count).filter { ids.value($0).count > 0 }.map {
        Int64(chunk * ColumnChunk.rows + $0 + 1)
      }
    }
    return keys.flatMap { $0 < 0 ? present[Int(-$0 - 1)] ?? [] : [$0] }
  }

  /// The key of the customer `id`, nil when there is none.
  package func customerKey(id: String) throws(SegmentaError) -> Int64? {
    try read { db in
      var found: Int64?
      let wanted = Array(id.utf8)
      try Self.forEachChunk(db, position: 0) { chunk, bytes in
        guard found == nil else { return }
        let ids = try TextChunk(bytes)
        for row in 0..<ids.count where ids.value(row).elementsEqual(wanted) {
          found = Int64(chunk * ColumnChunk.rows + row + 1)
          return
        }
      }
      return found
    }
  }

  /// Every customer's key and id, in key order, with an index from id bytes to position.
  package func customerIndex() throws(SegmentaError) -> (keys: [Int64], ids: ByteStringTable) {
    try read { db in try Self.customerIndex(db) }
  }

  static func customerIndex(_ db: Database) throws -> (keys: [Int64], ids: ByteStringTable) {
    let count =
      try Int.fetchOne(
        db, sql: "SELECT COALESCE(SUM(value_count), 0) FROM customer_chunk WHERE column_position = 0") ?? 0
    var keys: [Int64] = []
    keys.reserveCapacity(count)
    var ids = ByteStringTable(capacity: count)
    try forEachChunk(db, position: 0) { chunk, bytes in
      let chunkIDs = try TextChunk(bytes)
      for row in 0..<chunkIDs.count {
        let id = chunkIDs.value(row)
        guard !id.isEmpty else { continue }
        keys.append(Int64(chunk * ColumnChunk.rows + row + 1))
        ids.insert(id)
      }
    }
    return (keys, ids)
  }

  /// The values of numeric, boolean, date and timestamp customer columns for the customers with
  /// `keys`, in that order: numbers as they are, dates as days since 1970-01-01, timestamps as
  /// fractional days, NaN where missing (or for a key without a customer).
  ///
  /// Each column's chunks are decoded straight into its array; for every customer in key order
  /// (``customerKeys()``) no other work is done.
  package func customerValues(columns names: [String], keys: [Int64]) throws(SegmentaError)
    -> [String: CustomerColumnValues]
  {
    let catalogue = try customerColumns()
    let columns = names.compactMap { name in catalogue.first { $0.name == name } }
    guard !columns.isEmpty else { return [:] }
    let layout = KeyLayout(keys)
    return try read { db in
      var result: [String: CustomerColumnValues] = [:]
      var pool: [[UInt8]] = []
      for column in columns where column.type != .text {
        result[column.name] = CustomerColumnValues(
          type: column.type, values: try Self.numbers(db, column, layout: layout, pool: &pool))
      }
      for column in columns where column.type == .text {
        result[column.name] = CustomerColumnValues(
          type: column.type, values: [Double](repeating: .nan, count: keys.count))
      }
      return result
    }
  }

  /// A reader of numeric customer columns for the customers with `keys`, one column at a time, for
  /// work that should not hold every column at once; the keys are laid out once.
  package func customerColumnReader(keys: [Int64]) throws(SegmentaError) -> CustomerColumnReader {
    CustomerColumnReader(workspace: self, catalogue: try customerColumns(), layout: KeyLayout(keys))
  }

  /// Reads numeric customer columns one at a time (see ``Workspace/customerColumnReader(keys:)``).
  package struct CustomerColumnReader {
    let workspace: Workspace
    let catalogue: [CustomerColumn]
    let layout: KeyLayout

    /// Column `name`'s values as ``Workspace/customerValues(columns:keys:)`` gives them; nil for a
    /// column the workspace does not have.
    package func values(_ name: String) throws(SegmentaError) -> [Double]? {
      guard let column = catalogue.first(where: { $0.name == name }) else { return nil }
      guard column.type != .text else { return [Double](repeating: .nan, count: layout.count) }
      return try workspace.read { db in
        var pool: [[UInt8]] = []
        return try Workspace.numbers(db, column, layout: layout, pool: &pool)
      }
    }
  }

  /// Up to this many customers are read by looking up only the chunks that hold them.
  static let pointLookupLimit = 4096

  /// Where the customers asked for lie: all customers in key order, or each key's chunk and row.
  struct KeyLayout {
    /// Number of keys.
    let count: Int
    /// Whether the keys are 1, 2, … `count`: row `i` of the result is row `i` of the chunks.
    let dense: Bool
    /// Per chunk: the result positions and chunk rows of the keys in it.
    let groups: [Int: [(position: Int, row: Int)]]

    init(_ keys: [Int64]) {
      count = keys.count
      dense = keys.enumerated().allSatisfy { $0.element == Int64($0.offset + 1) }
      var groups: [Int: [(position: Int, row: Int)]] = [:]
      if !dense {
        for (position, key) in keys.enumerated() where key >= 1 {
          let index = Int(key - 1)
          groups[index / ColumnChunk.rows, default: []].append((position, index % ColumnChunk.rows))
        }
      }
      self.groups = groups
    }

    /// The chunks holding the keys, ascending.
    var chunks: [Int] {
      dense ? Array(0..<((count + ColumnChunk.rows - 1) / ColumnChunk.rows)) : groups.keys.sorted()
    }

    /// Whether to look the chunks up one by one rather than read the whole column.
    var looksUp: Bool { !dense && count <= Workspace.pointLookupLimit }
  }

  /// Column `column` (numeric) as `Double`s at `layout`'s keys.
  ///
  /// For every customer in key order the chunks are copied out of the database into `pool` (buffers
  /// reused from column to column) and decoded on all cores straight into the result.
  static func numbers(_ db: Database, _ column: CustomerColumn, layout: KeyLayout, pool: inout [[UInt8]]) throws
    -> [Double]
  {
    if layout.dense {
      let count = layout.count
      var chunks: [Int] = []
      try forEachChunk(db, position: column.position) { chunk, bytes in
        guard chunk * ColumnChunk.rows < count else { return }
        if pool.count == chunks.count { pool.append([]) }
        pool[chunks.count].removeAll(keepingCapacity: true)
        pool[chunks.count].append(contentsOf: bytes)
        chunks.append(chunk)
      }
      let blobs = pool
      let stored = chunks
      let type = column.type
      return try [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
        let out = OutputPointer(base: buffer.baseAddress.unsafelyUnwrapped)
        // Rows no chunk covers are missing.
        var filled = 0
        for chunk in chunks {
          let start = chunk * ColumnChunk.rows
          if filled < start { (out.base + filled).initialize(repeating: .nan, count: start - filled) }
          filled = min(count, start + ColumnChunk.rows)
        }
        if filled < count { (out.base + filled).initialize(repeating: .nan, count: count - filled) }
        let failures = ParallelBlocks.map(count: stored.count) { index -> SegmentaError? in
          let start = stored[index] * ColumnChunk.rows
          return blobs[index].withUnsafeBytes { bytes -> SegmentaError? in
            do throws(SegmentaError) {
              try ColumnChunk.decodeNumbers(
                bytes, type: type, into: out.base + start, count: min(ColumnChunk.rows, count - start))
              return nil
            } catch {
              return error
            }
          }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        initialized = count
      }
    }
    var values = [Double](repeating: .nan, count: layout.count)
    var decoded = [Double](repeating: .nan, count: ColumnChunk.rows)
    try forEachChunk(db, position: column.position, chunks: layout.looksUp ? layout.chunks : nil) { chunk, bytes in
      guard let group = layout.groups[chunk] else { return }
      try decoded.withUnsafeMutableBufferPointer { (buffer) throws(SegmentaError) in
        try ColumnChunk.decodeNumbers(
          bytes, type: column.type, into: buffer.baseAddress.unsafelyUnwrapped, count: ColumnChunk.rows)
      }
      for (position, row) in group { values[position] = decoded[row] }
    }
    return values
  }

  /// The result array that decoding threads write into, each at rows of its own.
  struct OutputPointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
  }

  /// The error of a statement step that failed with `code`.
  static func stepFailure(_ db: Database, _ code: Int32) -> SegmentaError {
    SegmentaError(
      .database, "workspace database error: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))",
      sqliteCode: code)
  }

  /// Calls `body` with each stored chunk of the column at catalogue `position` (0: the ids) in chunk
  /// order — or only `chunks`, looked up one by one — and the chunk's bytes (valid during the call).
  static func forEachChunk(
    _ db: Database, position: Int, chunks: [Int]? = nil, _ body: (Int, UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let sql =
      chunks == nil
      ? "SELECT chunk, data FROM customer_chunk WHERE column_position = ? ORDER BY chunk"
      : "SELECT chunk, data FROM customer_chunk WHERE column_position = ? AND chunk = ?"
    let statement = try db.cachedStatement(sql: sql).sqliteStatement
    defer { sqlite3_reset(statement) }
    func run() throws {
      while true {
        let code = sqlite3_step(statement)
        if code == SQLITE_DONE { return }
        guard code == SQLITE_ROW else { throw stepFailure(db, code) }
        let chunk = Int(sqlite3_column_int64(statement, 0))
        let bytes = sqlite3_column_blob(statement, 1)
        let count = Int(sqlite3_column_bytes(statement, 1))
        try body(chunk, UnsafeRawBufferPointer(start: bytes, count: count))
      }
    }
    sqlite3_reset(statement)
    sqlite3_bind_int64(statement, 1, Int64(position))
    guard let chunks else { return try run() }
    for chunk in chunks {
      sqlite3_reset(statement)
      sqlite3_bind_int64(statement, 2, Int64(chunk))
      try run()
    }
  }
}

extension Workspace {
  /// The ids of the customers with `keys`, in that order (empty string for an unknown key).
  package func customerIDs(keys: [Int64]) throws(SegmentaError) -> [String] {
    let layout = KeyLayout(keys)
    return try read { db in
      try Self.texts(db, position: 0, type: .text, layout: layout).map { $0 ?? "" }
    }
  }

  /// The text of customer columns for the customers with `keys`, in that order (nil where missing).
  ///
  /// Numbers are written as the workspace holds them: whole numbers in full, booleans as 1 and 0,
  /// decimals in the shortest form that reads back as the same number, dates as `YYYY-MM-DD` and
  /// timestamps as `YYYY-MM-DDTHH:MM:SS`.
  package func customerText(columns names: [String], keys: [Int64]) throws(SegmentaError) -> [String: [String?]] {
    let catalogue = try customerColumns()
    let columns = names.compactMap { name in catalogue.first { $0.name == name } }
    guard !columns.isEmpty else { return [:] }
    let layout = KeyLayout(keys)
    return try read { db in
      Dictionary(
        uniqueKeysWithValues: try columns.map { column in
          (column.name, try Self.texts(db, position: column.position, type: column.type, layout: layout))
        })
    }
  }

  /// The column at catalogue `position` as text at `layout`'s keys.
  static func texts(_ db: Database, position: Int, type: ColumnType, layout: KeyLayout) throws -> [String?] {
    var values = [String?](repeating: nil, count: layout.count)
    // Categorical values repeat: share one String per distinct value.
    var interned = ByteStringTable()
    var strings: [String] = []
    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
      let (slot, inserted) = interned.insert(bytes)
      if inserted { strings.append(String(decoding: bytes, as: UTF8.self)) }
      return strings[slot]
    }
    try forEachChunk(db, position: position, chunks: layout.looksUp ? layout.chunks : nil) { chunk, bytes in
      let start = chunk * ColumnChunk.rows
      if layout.dense {
        guard start < layout.count else { return }
        let rows = min(ColumnChunk.rows, layout.count - start)
        if type == .text {
          let text = try TextChunk(bytes)
          for row in 0..<min(rows, text.count) {
            let value = text.value(row)
            if !value.isEmpty { values[start + row] = string(value) }
          }
        } else {
          let decoded = try ColumnChunk.decode(bytes, type: type, count: rows)
          for row in 0..<rows { values[start + row] = format(decoded, row, type) }
        }
      } else if let group = layout.groups[chunk] {
        if type == .text {
          let text = try TextChunk(bytes)
          for (position, row) in group where row < text.count {
            let value = text.value(row)
            if !value.isEmpty { values[position] = string(value) }
          }
        } else {
          let decoded = try ColumnChunk.decode(bytes, type: type, count: ColumnChunk.rows)
          for (position, row) in group { values[position] = format(decoded, row, type) }
        }
      }
    }
    return values
  }

  /// Row `row` of a numeric column as text, nil when missing.
  static func format(_ values: TypedColumn, _ row: Int, _ type: ColumnType) -> String? {
    guard values.isPresent(row) else { return nil }
    switch type {
    case .integer, .boolean: return String(values.integers[row])
    case .decimal: return values.decimals[row].description
    case .date: return CivilDate.isoString(days: Int(values.integers[row]))
    case .timestamp: return CivilDate.isoString(seconds: values.integers[row])
    case .text: return nil
    }
  }

  /// Text columns fit to describe segments: not personal data and at most `limit` distinct values
  /// (a missing value counts as one).
  package func categoricalColumns(limit: Int = 200) throws(SegmentaError) -> [String] {
    let catalogue = try customerColumns().filter { $0.type == .text && !$0.personal }
    return try read { db in
      let customers =
        try Int.fetchOne(
          db, sql: "SELECT COALESCE(SUM(value_count), 0) FROM customer_chunk WHERE column_position = 0") ?? 0
      return try catalogue.filter { column in
        let values =
          try Int.fetchOne(
            db, sql: "SELECT COALESCE(SUM(value_count), 0) FROM customer_chunk WHERE column_position = ?",
            arguments: [column.position]) ?? 0
        var distinct = ByteStringTable()
        var count = values < customers ? 1 : 0
        try Self.forEachChunk(db, position: column.position) { _, bytes in
          guard count <= limit else { return }
          let text = try TextChunk(bytes)
          if text.isDictionary {
            for entry in 0..<text.entryCount where distinct.insert(text.entry(entry)).inserted { count += 1 }
          } else {
            for row in 0..<text.count where !text.value(row).isEmpty && distinct.insert(text.value(row)).inserted {
              count += 1
              if count > limit { return }
            }
          }
        }
        return count <= limit
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
