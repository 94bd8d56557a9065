import Testing

@testable import SegmentaCore

private func parse<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
  ValueParser.withBytes(of: text, body)
}

@Suite("Value parsing")
struct ValueParserTests {
  @Test(
    "integers: signs, spaces, overflow, rejects",
    arguments: [
      ("0", Int64(0)), ("42", 42), ("-7", -7), ("+15", 15), ("  12 ", 12),
      ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
    ])
  func integers(text: String, expected: Int64) {
    #expect(parse(text, ValueParser.parseInteger) == expected)
  }

  @Test("non-integers are rejected", arguments: ["", "-", "1.5", "1e3", "12a", "9223372036854775808", "١٢", "0x10"])
  func nonIntegers(text: String) {
    #expect(parse(text, ValueParser.parseInteger) == nil)
  }

  @Test(
    "decimals parse to the nearest double",
    arguments: [
      ("3.14", 3.14), ("-0.5", -0.5), (".5", 0.5), ("5.", 5.0), ("1e3", 1000.0), ("1.5E-3", 0.0015),
      ("0.1", 0.1), ("123456789012345678901234", 123456789012345678901234.0), ("1e-300", 1e-300),
      ("2.2250738585072014e-308", 2.2250738585072014e-308), ("0.000123", 0.000123), ("+2", 2.0),
    ])
  func decimals(text: String, expected: Double) {
    #expect(parse(text, ValueParser.parseDecimal) == expected)
  }

  @Test("non-decimals are rejected", arguments: ["", ".", "e5", "1e", "1,5", "1.2.3", "inf", "nan", "--1", "1 2"])
  func nonDecimals(text: String) {
    #expect(parse(text, ValueParser.parseDecimal) == nil)
  }

  @Test("decimal conversion is correctly rounded on 20,000 random literals (equals the standard library)")
  func decimalRounding() {
    var rng = SplitMix64(seed: 7)
    for _ in 0..<20_000 {
      let digits = Int(rng.next() % 19) + 1
      var mantissa = ""
      for _ in 0..<digits { mantissa += String(rng.next() % 10) }
      let point = Int(rng.next() % UInt64(digits + 1))
      var text = String(mantissa.prefix(point)) + "." + String(mantissa.dropFirst(point))
      if rng.next() % 3 == 0 { text += "e\(Int(rng.next() % 40) - 20)" }
      if rng.next() % 2 == 0 { text = "-" + text }
      #expect(parse(text, ValueParser.parseDecimal) == Double(text), "\(text)")
    }
  }

  @Test("booleans in English and Chinese; 1/0 and t/f are not booleans")
  func booleans() {
    for text in ["true", "TRUE", "Yes", "y", "是"] { #expect(parse(text, ValueParser.parseBoolean) == true) }
    for text in ["false", "No", "N", "否"] { #expect(parse(text, ValueParser.parseBoolean) == false) }
    for text in ["1", "0", "t", "f", "M", "F", "yess", ""] { #expect(parse(text, ValueParser.parseBoolean) == nil) }
  }

  @Test("dates as YYYY-MM-DD, YYYY/MM/DD and YYYYMMDD; impossible dates rejected")
  func dates() {
    let day = CivilDate.days(year: 2024, month: 2, day: 29)
    #expect(parse("2024-02-29", ValueParser.parseDate) == day)
    #expect(parse("2024/02/29", ValueParser.parseDate) == day)
    #expect(parse("20240229", ValueParser.parseDate) == day)
    for text in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-5", "2024-02-30", "20241301", "2024-02-29T10:00"] {
      #expect(parse(text, ValueParser.parseDate) == nil, "\(text)")
    }
  }

  @Test("timestamps: ISO 8601 with T or space, seconds optional, fractions and offsets accepted, compact form")
  func timestamps() {
    let base = Int64(CivilDate.days(year: 2024, month: 3, day: 5)) * 86_400
    #expect(parse("2024-03-05 08:30:15", ValueParser.parseTimestamp) == base + 8 * 3600 + 30 * 60 + 15)
    #expect(parse("2024-03-05T08:30", ValueParser.parseTimestamp) == base + 8 * 3600 + 30 * 60)
    #expect(parse("2024-03-05T08:30:15.250Z", ValueParser.parseTimestamp) == base + 8 * 3600 + 30 * 60 + 15)
    #expect(parse("2024-03-05T08:30:15+08:00", ValueParser.parseTimestamp) == base + 8 * 3600 + 30 * 60 + 15)
    #expect(parse("20240305083015", ValueParser.parseTimestamp) == base + 8 * 3600 + 30 * 60 + 15)
    #expect(parse("2024-03-05", ValueParser.parseTimestamp) == base)
    for text in ["2024-03-05 24:00:00", "2024-03-05 08:60", "2024-03-05X08:30", "2024-03-05 8:30", "20240305083075"] {
      #expect(parse(text, ValueParser.parseTimestamp) == nil, "\(text)")
    }
  }

  @Test(
    "missing-value tokens (empty, NA, NULL, NaN, None) read as missing",
    arguments: ["", "  ", "NA", "N/A", "NULL", "null", "NaN", "nan", "None"])
  func missing(text: String) {
    #expect(parse(text, ValueParser.isMissing))
  }

  @Test("ordinary values are not missing", arguments: ["0", "na", "n/a", "Null ", "x", "—"])
  func notMissing(text: String) {
    #expect(!parse(text, ValueParser.isMissing))
  }
}
