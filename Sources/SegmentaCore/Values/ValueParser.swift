/// Parses typed values from raw UTF-8 bytes without allocating.
///
/// Numbers are read the way RFC 4180 files write them: an optional sign, digits, an optional
/// fraction and exponent, no thousands separators. Decimal conversion is correctly rounded: the
/// common case (up to 19 significant digits and |exponent| ≤ 22) uses Clinger's exact fast path and
/// everything else falls back to the standard library's correctly rounded conversion.
public enum ValueParser {
  /// The tokens that mean "no value" in a file (besides the empty field), compared after trimming.
  public static let missingTokens: [String] = ["NA", "N/A", "NULL", "null", "NaN", "nan", "None"]

  /// The given bytes with leading and trailing ASCII spaces and tabs removed.
  @inlinable
  public static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var lower = 0
    var upper = bytes.count
    while lower < upper && (bytes[lower] == 0x20 || bytes[lower] == 0x09) { lower += 1 }
    while upper > lower && (bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09) { upper -= 1 }
    return UnsafeBufferPointer(rebasing: bytes[lower..<upper])
  }

  /// Whether a field holds no value: empty after trimming or one of ``missingTokens``.
  @inlinable
  public static func isMissing(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
    let bytes = trimmed(raw)
    switch bytes.count {
    case 0: return true
    case 2: return bytes[0] == 0x4E && bytes[1] == 0x41  // NA
    case 3:
      return (bytes[0] == 0x4E && bytes[1] == 0x2F && bytes[2] == 0x41)  // N/A
        || ((bytes[0] | 0x20) == 0x6E && bytes[1] == 0x61 && (bytes[2] | 0x20) == 0x6E)  // NaN, nan
    case 4:
      return equalsASCII(bytes, "NULL") || equalsASCII(bytes, "null") || equalsASCII(bytes, "None")
    default: return false
    }
  }

  /// Whether `bytes` equal the ASCII string `literal` exactly.
  @inlinable
  public static func equalsASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
    guard bytes.count == literal.utf8CodeUnitCount else { return false }
    let other = literal.utf8Start
    for i in 0..<bytes.count where bytes[i] != other[i] { return false }
    return true
  }

  /// A signed 64-bit integer, or nil when the bytes are not one (or overflow).
  @inlinable
  public static func parseInteger(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
    let bytes = trimmed(raw)
    var i = 0
    var negative = false
    if i < bytes.count && (bytes[i] == 0x2B || bytes[i] == 0x2D) {
      negative = bytes[i] == 0x2D
      i += 1
    }
    guard i < bytes.count else { return nil }
    var value: UInt64 = 0
    while i < bytes.count {
      let digit = bytes[i] &- 0x30
      guard digit < 10 else { return nil }
      let (times10, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
      if o1 || o2 { return nil }
      value = sum
      i += 1
    }
    if negative {
      guard value <= UInt64(Int64.max) + 1 else { return nil }
      return value == UInt64(Int64.max) + 1 ? Int64.min : -Int64(value)
    }
    guard value <= UInt64(Int64.max) else { return nil }
    return Int64(value)
  }

  @usableFromInline
  static let exactPowersOfTen: [Double] = (0...22).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
  }

  /// A decimal number, or nil when the bytes are not one.
  ///
  /// Accepts `12`, `-3.5`, `.5`, `5.`, `1e-3`; refuses `NaN`, `inf` and values beyond Double's range
  /// (`1e309`), so every number read is finite.
  public static func parseDecimal(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
    let bytes = trimmed(raw)
    let n = bytes.count
    var i = 0
    var negative = false
    if i < n && (bytes[i] == 0x2B || bytes[i] == 0x2D) {
      negative = bytes[i] == 0x2D
      i += 1
    }
    var mantissa: UInt64 = 0
    var significantDigits = 0
    var droppedDigits = 0
    var digitsSeen = 0
    var fractionDigits = 0
    while i < n, bytes[i] &- 0x30 < 10 {
      appendDigit(bytes[i] &- 0x30, &mantissa, &significantDigits, &droppedDigits)
      digitsSeen += 1
      i += 1
    }
    if i < n && bytes[i] == 0x2E {
      i += 1
      while i < n, bytes[i] &- 0x30 < 10 {
        let before = droppedDigits
        appendDigit(bytes[i] &- 0x30, &mantissa, &significantDigits, &droppedDigits)
        if droppedDigits == before { fractionDigits += 1 }
        digitsSeen += 1
        i += 1
      }
    }
    guard digitsSeen > 0 else { return nil }
    var exponent = 0
    if i < n && (bytes[i] | 0x20) == 0x65 {
      i += 1
      var expNegative = false
      if i < n && (bytes[i] == 0x2B || bytes[i] == 0x2D) {
        expNegative = bytes[i] == 0x2D
        i += 1
      }
      var expDigits = 0
      while i < n, bytes[i] &- 0x30 < 10 {
        if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] &- 0x30) }
        expDigits += 1
        i += 1
      }
      guard expDigits > 0 else { return nil }
      if expNegative { exponent = -exponent }
    }
    guard i == n else { return nil }
    let scale = exponent - fractionDigits + droppedDigits
    if droppedDigits == 0 && mantissa < (1 << 53) && scale >= -22 && scale <= 22 {
      var value = Double(mantissa)
      value = scale < 0 ? value / exactPowersOfTen[-scale] : value * exactPowersOfTen[scale]
      return negative ? -value : value
    }
    // Rare: more than 15–19 significant digits or a large exponent. Defer to the standard library;
    // a value beyond Double's range (1e309) is not a number Segmenta can use.
    let text = String(decoding: bytes, as: UTF8.self)
    return Double(text).flatMap { $0.isFinite ? $0 : nil }
  }

  @inline(__always)
  static func appendDigit(
    _ digit: UInt8, _ mantissa: inout UInt64, _ significant: inout Int, _ dropped: inout Int
  ) {
    if significant < 19 {
      mantissa = mantissa &* 10 &+ UInt64(digit)
      if mantissa != 0 { significant += 1 }
    } else {
      dropped += 1
    }
  }

  /// A boolean from `true/false`, `yes/no`, `y/n` (any case) or `是/否`; nil otherwise.
  ///
  /// `1` and `0` stay integers, and `t`/`f` are not read as booleans because `F` and `M` usually mean gender.
  public static func parseBoolean(_ raw: UnsafeBufferPointer<UInt8>) -> Bool? {
    let bytes = trimmed(raw)
    if bytes.count == 3 && bytes[0] == 0xE6 && bytes[1] == 0x98 && bytes[2] == 0xAF { return true }  // 是
    if bytes.count == 3 && bytes[0] == 0xE5 && bytes[1] == 0x90 && bytes[2] == 0xA6 { return false }  // 否
    guard bytes.count <= 5 else { return nil }
    var lower: UInt64 = 0
    for byte in bytes {
      guard byte < 0x80 else { return nil }
      lower = lower << 8 | UInt64(byte | 0x20)
    }
    switch lower {
    case 0x74_72_75_65, 0x79_65_73, 0x79: return true  // true, yes, y
    case 0x66_61_6C_73_65, 0x6E_6F, 0x6E: return false  // false, no, n
    default: return nil
    }
  }

  /// A calendar date as days since 1970-01-01 from `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYYMMDD`.
  public static func parseDate(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
    let bytes = trimmed(raw)
    guard let (days, consumed) = parseDatePrefix(bytes), consumed == bytes.count else { return nil }
    return days
  }

  /// A wall-clock timestamp as seconds since 1970-01-01T00:00:00 from an ISO 8601 date-time
  /// (`YYYY-MM-DD[T| ]HH:MM[:SS[.fff]]` with an optional `Z` or `±HH[:MM]` suffix, which is
  /// accepted and not applied), a compact `YYYYMMDDHHMMSS`, or a date alone (midnight).
  public static func parseTimestamp(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
    let bytes = trimmed(raw)
    if bytes.count == 14, let seconds = parseCompactTimestamp(bytes) { return seconds }
    guard let (days, consumed) = parseDatePrefix(bytes) else { return nil }
    var i = consumed
    let n = bytes.count
    if i == n { return Int64(days) * CivilDate.secondsPerDay }
    guard bytes[i] == 0x54 || bytes[i] == 0x20 else { return nil }  // 'T' or ' '
    i += 1
    guard let hour = twoDigits(bytes, i), hour < 24, i + 2 < n, bytes[i + 2] == 0x3A,
      let minute = twoDigits(bytes, i + 3), minute < 60
    else { return nil }
    i += 5
    var second = 0
    if i < n && bytes[i] == 0x3A {
      guard let s = twoDigits(bytes, i + 1), s < 61 else { return nil }
      second = min(s, 59)
      i += 3
      if i < n && (bytes[i] == 0x2E || bytes[i] == 0x2C) {
        i += 1
        let start = i
        while i < n, bytes[i] &- 0x30 < 10 { i += 1 }
        guard i > start else { return nil }
      }
    }
    if i < n {
      if bytes[i] == 0x5A {  // Z
        i += 1
      } else if bytes[i] == 0x2B || bytes[i] == 0x2D {
        i += 1
        guard let offsetHours = twoDigits(bytes, i), offsetHours <= 18 else { return nil }
        i += 2
        if i < n && bytes[i] == 0x3A { i += 1 }
        if i < n {
          guard let offsetMinutes = twoDigits(bytes, i), offsetMinutes < 60 else { return nil }
          i += 2
        }
      }
    }
    guard i == n else { return nil }
    return Int64(days) * CivilDate.secondsPerDay + Int64(hour * 3600 + minute * 60 + second)
  }

  @inline(__always)
  static func twoDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
    guard i + 1 < bytes.count else { return nil }
    let a = bytes[i] &- 0x30
    let b = bytes[i + 1] &- 0x30
    guard a < 10 && b < 10 else { return nil }
    return Int(a) * 10 + Int(b)
  }

  @inline(__always)
  static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
    guard start + count <= bytes.count else { return nil }
    var value = 0
    for i in start..<(start + count) {
      let d = bytes[i] &- 0x30
      guard d < 10 else { return nil }
      value = value * 10 + Int(d)
    }
    return value
  }

  static func parseDatePrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> (days: Int, consumed: Int)? {
    guard let year = digits(bytes, 0, 4) else { return nil }
    let month: Int
    let day: Int
    let consumed: Int
    if bytes.count >= 10 && (bytes[4] == 0x2D || bytes[4] == 0x2F) && bytes[7] == bytes[4] {
      guard let m = digits(bytes, 5, 2), let d = digits(bytes, 8, 2) else { return nil }
      (month, day, consumed) = (m, d, 10)
    } else if bytes.count == 8, let m = digits(bytes, 4, 2), let d = digits(bytes, 6, 2) {
      (month, day, consumed) = (m, d, 8)
    } else {
      return nil
    }
    guard CivilDate.isValid(year: year, month: month, day: day) else { return nil }
    return (CivilDate.days(year: year, month: month, day: day), consumed)
  }

  static func parseCompactTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    guard let year = digits(bytes, 0, 4), let month = digits(bytes, 4, 2),
      let day = digits(bytes, 6, 2), let hour = digits(bytes, 8, 2),
      let minute = digits(bytes, 10, 2), let second = digits(bytes, 12, 2),
      CivilDate.isValid(year: year, month: month, day: day), hour < 24, minute < 60, second < 60
    else { return nil }
    return Int64(CivilDate.days(year: year, month: month, day: day)) * CivilDate.secondsPerDay
      + Int64(hour * 3600 + minute * 60 + second)
  }
}

extension ValueParser {
  /// Runs `body` on the UTF-8 bytes of `text`; convenient for parsing values that arrive as strings.
  public static func withBytes<R>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    var copy = text
    return copy.withUTF8 { body($0) }
  }
}
