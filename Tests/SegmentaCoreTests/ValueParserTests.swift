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

  @Test("missing-value tokens", arguments: ["", "  ", "NA", "N/A", "NULL", "null", "NaN", "nan", "None"])
  func missing(text: String) {
    #expect(parse(text, ValueParser.isMissing))
  }

  @Test("ordinary values are not missing", arguments: ["0", "na", "n/a", "Null ", "x", "—"])
  func notMissing(text: String) {
    #expect(!parse(text, ValueParser.isMissing))
  }
}

@Suite("Type inference")
struct TypeInferenceTests {
  func infer(_ values: [String]) -> ColumnType {
    var inference = TypeInference()
    for value in values { ValueParser.withBytes(of: value) { inference.observe($0) } }
    return inference.inferredType
  }

  @Test("each type is inferred from its values")
  func eachType() {
    #expect(infer(["1", "2", "", "-3"]) == .integer)
    #expect(infer(["1", "2.5", "NA"]) == .decimal)
    #expect(infer(["yes", "no", "Y"]) == .boolean)
    #expect(infer(["2024-01-01", "2023-12-31", ""]) == .date)
    #expect(infer(["20240101", "19991231"]) == .date)
    #expect(infer(["2024-01-01 10:00:00", "2024-01-02"]) == .timestamp)
    #expect(infer(["北京", "上海"]) == .text)
    #expect(infer(["", "NA"]) == .text)
  }

  @Test("the narrowest type holding every value wins")
  func widening() {
    #expect(infer(["1", "2", "x"]) == .text)
    #expect(infer(["20240101", "12"]) == .integer)
    #expect(infer(["20240101", "20241301"]) == .integer)
    #expect(infer(["18991231", "20240101"]) == .integer)
    #expect(infer(["yes", "1"]) == .text)
    #expect(infer(["2024-01-01", "3"]) == .text)
  }

  @Test("digits with a leading zero are codes, not numbers")
  func leadingZeros() {
    #expect(infer(["0571", "010"]) == .text)
    #expect(infer(["0", "10", "0.5", "-0.25"]) == .decimal)
    #expect(infer(["0", "7"]) == .integer)
    #expect(infer(["12", "007"]) == .text)
  }
}

@Suite("Calendar arithmetic")
struct CivilDateTests {
  @Test("day numbers round-trip and weekdays are right over 1900–2100")
  func roundTrip() {
    #expect(CivilDate.days(year: 1970, month: 1, day: 1) == 0)
    #expect(CivilDate.isoWeekday(days: CivilDate.days(year: 2024, month: 1, day: 1)) == 1)  // Monday
    #expect(CivilDate.isoWeekday(days: CivilDate.days(year: 1969, month: 12, day: 28)) == 7)  // Sunday
    var previous = CivilDate.days(year: 1900, month: 1, day: 1) - 1
    for year in 1900...2100 {
      for month in 1...12 {
        for day in 1...CivilDate.daysInMonth(year: year, month: month) {
          let number = CivilDate.days(year: year, month: month, day: day)
          #expect(number == previous + 1)
          previous = number
          let back = CivilDate.components(days: number)
          if back.year != year || back.month != month || back.day != day { Issue.record("\(year)-\(month)-\(day)") }
        }
      }
    }
    #expect(CivilDate.isoString(days: CivilDate.days(year: 2024, month: 2, day: 29)) == "2024-02-29")
    #expect(CivilDate.isoString(seconds: -1) == "1969-12-31T23:59:59")
  }
}

@Suite("Hash tables")
struct HashTableTests {
  @Test("a byte-string table interns 100,000 ids in order and finds every one")
  func byteStringTable() {
    var table = ByteStringTable()
    for i in 0..<100_000 { #expect(table.insert("C\(i)").inserted || i < 0) }
    #expect(table.count == 100_000)
    for i in stride(from: 0, to: 100_000, by: 7) { #expect(table.index(of: "C\(i)") == i) }
    #expect(table.index(of: "C100000") == nil)
    #expect(table.insert("C5").inserted == false)
    #expect(table.key(at: 12_345) == "C12345")
    #expect(table.insert("").index == 100_000)
    #expect(table.index(of: "") == 100_000)
  }

  @Test("a pair set counts distinct pairs exactly")
  func pairSet() {
    let set = PairSet(capacity: 4)
    var fresh = 0
    for owner in 0..<500 {
      for value in 0..<(owner % 17 + 1) {
        for _ in 0..<2 where set.insert(owner: UInt64(owner), value: UInt64(value) &* 0x9E37_79B9) { fresh += 1 }
      }
    }
    let expected = (0..<500).reduce(0) { $0 + $1 % 17 + 1 }
    #expect(fresh == expected)
    #expect(set.count == expected)
  }
}
