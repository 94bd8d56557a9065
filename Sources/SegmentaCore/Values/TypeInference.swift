/// Infers a column's type from every one of its values.
///
/// Each non-missing value rules out the types it cannot be. The result is the narrowest type left,
/// in this order: boolean, integer, decimal, date, timestamp, text. Integers that are all valid
/// `YYYYMMDD` dates between 1900 and 2100 are dates. Digits with a leading zero (`007`, `0571`) are
/// codes, not numbers, so such a column is text. A column with no values at all is text.
public struct TypeInference: Sendable {
  private var canBeInteger = true
  private var canBeDecimal = true
  private var canBeBoolean = true
  private var canBeDate = true
  private var canBeTimestamp = true
  private var allCompactDates = true
  /// Number of non-missing values seen.
  public private(set) var valueCount = 0

  /// Creates an inference with no values seen.
  public init() {}

  /// Takes one raw field into account.
  public mutating func observe(_ bytes: UnsafeBufferPointer<UInt8>) {
    if ValueParser.isMissing(bytes) { return }
    valueCount += 1
    if canBeBoolean && ValueParser.parseBoolean(bytes) == nil { canBeBoolean = false }
    if (canBeInteger || canBeDecimal) && Self.hasLeadingZero(ValueParser.trimmed(bytes)) {
      canBeInteger = false
      canBeDecimal = false
      allCompactDates = false
    }
    if canBeInteger {
      if ValueParser.parseInteger(bytes) == nil {
        canBeInteger = false
        allCompactDates = false
      } else if allCompactDates {
        let trimmed = ValueParser.trimmed(bytes)
        if trimmed.count != 8 || ValueParser.parseDate(trimmed).map({ $0 < -25_567 || $0 > 47_482 }) ?? true {
          allCompactDates = false
        }
      }
    }
    if canBeDecimal && !canBeInteger && ValueParser.parseDecimal(bytes) == nil { canBeDecimal = false }
    if canBeDate && ValueParser.parseDate(bytes) == nil { canBeDate = false }
    if canBeTimestamp && !canBeDate && ValueParser.parseTimestamp(bytes) == nil { canBeTimestamp = false }
  }

  /// Takes into account a value that parses as `type` (without a leading zero for numbers), when
  /// such a value cannot rule out any type still possible: counting it is then all there is to do.
  ///
  /// Returns false, having done nothing, when the value might rule a type out; ``observe(_:)`` must
  /// then look at it.
  @inline(__always)
  public mutating func countSettled(_ type: ColumnType) -> Bool {
    let settled: Bool
    switch type {
    case .integer:
      settled = canBeInteger && canBeDecimal && !canBeBoolean && !allCompactDates && !canBeDate && !canBeTimestamp
    case .decimal:
      settled = !canBeInteger && canBeDecimal && !canBeBoolean && !canBeDate && !canBeTimestamp
    case .boolean:
      settled = canBeBoolean && !canBeInteger && !canBeDecimal && !canBeDate && !canBeTimestamp
    case .date:
      settled = canBeDate && !canBeBoolean && !canBeInteger && !canBeDecimal
    case .timestamp:
      settled = canBeTimestamp && !canBeDate && !canBeBoolean && !canBeInteger && !canBeDecimal
    case .text:
      settled = false
    }
    if settled { valueCount += 1 }
    return settled
  }

  /// Takes into account the values `other` has seen, as if they had been observed here.
  ///
  /// Each value only ever rules types out, so the order in which values are seen does not matter and
  /// parts of a file can be inferred apart and merged.
  public mutating func merge(_ other: TypeInference) {
    canBeInteger = canBeInteger && other.canBeInteger
    canBeDecimal = canBeDecimal && other.canBeDecimal
    canBeBoolean = canBeBoolean && other.canBeBoolean
    canBeDate = canBeDate && other.canBeDate
    canBeTimestamp = canBeTimestamp && other.canBeTimestamp
    allCompactDates = allCompactDates && other.allCompactDates
    valueCount += other.valueCount
  }

  /// Whether the text starts with a zero followed by another digit (after an optional sign).
  static func hasLeadingZero(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    if i < bytes.count && (bytes[i] == 0x2B || bytes[i] == 0x2D) { i += 1 }
    return i + 1 < bytes.count && bytes[i] == 0x30 && bytes[i + 1] &- 0x30 < 10
  }

  /// The inferred type.
  public var inferredType: ColumnType {
    if valueCount == 0 { return .text }
    if canBeBoolean { return .boolean }
    if canBeInteger { return allCompactDates ? .date : .integer }
    if canBeDecimal { return .decimal }
    if canBeDate { return .date }
    if canBeTimestamp { return .timestamp }
    return .text
  }
}
