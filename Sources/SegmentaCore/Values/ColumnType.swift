/// The type of a customer column, inferred from its values or fixed by a schema file.
public enum ColumnType: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
  /// Whole numbers.
  case integer
  /// Numbers with a fraction or exponent.
  case decimal
  /// `true/false`, `yes/no`, `y/n`, `是/否`.
  case boolean
  /// Calendar dates (`YYYY-MM-DD` or `YYYYMMDD`).
  case date
  /// Date and time of day (ISO 8601 or `YYYYMMDDHHMMSS`).
  case timestamp
  /// Categorical or free text.
  case text

  /// Whether values of this type can be used as numeric features directly.
  public var isNumeric: Bool { self == .integer || self == .decimal || self == .boolean }

  /// The type's name, as written in schema files and reports.
  public var description: String { rawValue }

  /// What a value of this type looks like, for error messages.
  public var expectation: String {
    switch self {
    case .integer: return "a whole number"
    case .decimal: return "a number"
    case .boolean: return "true/false, yes/no, y/n or 是/否"
    case .date: return "a date as YYYY-MM-DD or YYYYMMDD"
    case .timestamp: return "a timestamp as YYYY-MM-DD HH:MM:SS (ISO 8601) or YYYYMMDDHHMMSS"
    case .text: return "text"
    }
  }
}

/// A typed cell value after parsing.
public enum CellValue: Sendable, Equatable {
  /// No value (empty field or a missing-value token).
  case missing
  /// An integer (also booleans, as 0 and 1).
  case integer(Int64)
  /// A decimal number.
  case decimal(Double)
  /// Days since 1970-01-01.
  case date(Int)
  /// Wall-clock seconds since 1970-01-01T00:00:00.
  case timestamp(Int64)
  /// Text.
  case text(String)

  /// Parses `bytes` as a value of `type`; nil when the bytes do not hold such a value.
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, as type: ColumnType) -> CellValue? {
    if type != .text && ValueParser.isMissing(bytes) { return .missing }
    switch type {
    case .integer: return ValueParser.parseInteger(bytes).map { .integer($0) }
    case .decimal: return ValueParser.parseDecimal(bytes).map { .decimal($0) }
    case .boolean: return ValueParser.parseBoolean(bytes).map { .integer($0 ? 1 : 0) }
    case .date: return ValueParser.parseDate(bytes).map { .date($0) }
    case .timestamp: return ValueParser.parseTimestamp(bytes).map { .timestamp($0) }
    case .text:
      if bytes.isEmpty { return .missing }
      return .text(String(decoding: bytes, as: UTF8.self))
    }
  }
}
