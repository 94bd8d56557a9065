import GRDB
import GRDBSQLite
import SegmentaCore

extension Workspace {
  /// Converts the customer row table of a workspace before schema version 9 (`customer(key, id, c1,
  /// c2, …)`) into chunks, reading each value as the row table's readers did.
  ///
  /// Whole-number columns keep their integers, decimals their doubles, dates and timestamps are
  /// parsed from their ISO text; a value those readers could not use (text in a number column, say)
  /// becomes missing. Keys without a customer stay without one.
  static func convertCustomerRows(_ db: Database) throws {
    let catalogue = try customerColumns(db)
    let columns =
      [CustomerColumn(position: 0, name: "id", storage: "id", type: .text, personal: false)] + catalogue
    let rows = try db.makeStatement(
      sql: "SELECT key, \(columns.map(\.storage).joined(separator: ", ")) FROM customer ORDER BY key")
    let statement = rows.sqliteStatement
    var chunk = 0
    var buffers = columns.map { TypedColumn($0.type.storage, capacity: ColumnChunk.rows) }
    func flush() throws {
      for (column, values) in zip(columns, buffers) where column.position == 0 || values.presentCount > 0 {
        try writeChunk(db, position: column.position, chunk: chunk, values)
      }
      buffers = columns.map { TypedColumn($0.type.storage, capacity: ColumnChunk.rows) }
    }
    while true {
      let code = sqlite3_step(statement)
      if code == SQLITE_DONE { break }
      guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
      let index = Int(sqlite3_column_int64(statement, 0) - 1)
      guard index >= 0 else { continue }
      if index / ColumnChunk.rows != chunk {
        try flush()
        chunk = index / ColumnChunk.rows
      }
      let row = index % ColumnChunk.rows
      for (offset, column) in columns.enumerated() {
        buffers[offset].padMissing(to: row)
        append(statement, Int32(offset + 1), as: column.type, to: &buffers[offset])
      }
    }
    if buffers[0].count > 0 { try flush() }
    withExtendedLifetime(rows) {}
  }

  /// Appends result column `index` of the current row, read as a value of `type`.
  private static func append(
    _ statement: OpaquePointer, _ index: Int32, as type: ColumnType, to values: inout TypedColumn
  ) {
    let kind = sqlite3_column_type(statement, index)
    switch type {
    case .text:
      guard kind != SQLITE_NULL, let text = sqlite3_column_text(statement, index) else { return values.appendMissing() }
      values.append(text: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, index))))
    case .decimal:
      switch kind {
      case SQLITE_INTEGER: values.append(Double(sqlite3_column_int64(statement, index)))
      case SQLITE_FLOAT: values.append(sqlite3_column_double(statement, index))
      default: values.appendMissing()
      }
    case .integer, .boolean:
      if kind == SQLITE_INTEGER {
        values.append(sqlite3_column_int64(statement, index))
      } else if kind == SQLITE_FLOAT, let whole = Int64(exactly: sqlite3_column_double(statement, index)) {
        values.append(whole)
      } else {
        values.appendMissing()
      }
    case .date, .timestamp:
      guard kind == SQLITE_TEXT, let text = sqlite3_column_text(statement, index) else { return values.appendMissing() }
      let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, index)))
      let value =
        type == .date ? ValueParser.parseDate(bytes).map(Int64.init) : ValueParser.parseTimestamp(bytes)
      if let value { values.append(value) } else { values.appendMissing() }
    }
  }

  /// Stores `values` as chunk `chunk` of the column at catalogue `position`.
  static func writeChunk(_ db: Database, position: Int, chunk: Int, _ values: TypedColumn) throws {
    try storeChunk(
      db, position: position, chunk: chunk, rows: values.count, values: values.presentCount,
      data: ColumnChunk.encode(values, 0..<values.count))
  }
}
