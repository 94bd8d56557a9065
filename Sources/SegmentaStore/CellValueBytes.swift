import GRDBSQLite
import SegmentaCore

/// Binds a raw field to a statement parameter as a value of a column type.
enum CellValueBytes {
  /// Binds `bytes` parsed as `type`; false when they do not parse (which the checking pass ruled out).
  static func bind(_ bytes: UnsafeBufferPointer<UInt8>, as type: ColumnType, statement: OpaquePointer, parameter: Int32)
    -> Bool
  {
    if type == .text {
      if bytes.isEmpty {
        sqlite3_bind_null(statement, parameter)
      } else {
        Workspace.bindText(statement, parameter, bytes)
      }
      return true
    }
    if ValueParser.isMissing(bytes) {
      sqlite3_bind_null(statement, parameter)
      return true
    }
    switch type {
    case .integer:
      guard let value = ValueParser.parseInteger(bytes) else { return false }
      sqlite3_bind_int64(statement, parameter, value)
    case .decimal:
      guard let value = ValueParser.parseDecimal(bytes) else { return false }
      sqlite3_bind_double(statement, parameter, value)
    case .boolean:
      guard let value = ValueParser.parseBoolean(bytes) else { return false }
      sqlite3_bind_int64(statement, parameter, value ? 1 : 0)
    case .date:
      guard let days = ValueParser.parseDate(bytes) else { return false }
      bindISO(seconds: Int64(days) * CivilDate.secondsPerDay, withTime: false, statement, parameter)
    case .timestamp:
      guard let seconds = ValueParser.parseTimestamp(bytes) else { return false }
      bindISO(seconds: seconds, withTime: true, statement, parameter)
    case .text:
      break
    }
    return true
  }

  /// Binds `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`, formatted without allocating.
  static func bindISO(seconds: Int64, withTime: Bool, _ statement: OpaquePointer, _ parameter: Int32) {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 24) { text in
      let count = CivilDate.formatISO(seconds: seconds, withTime: withTime, into: UnsafeMutableRawBufferPointer(text))
      let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
      _ = sqlite3_bind_text(statement, parameter, text.baseAddress, Int32(count), transient)
    }
  }
}
