import SegmentaCore
import Testing

@testable import SegmentaStore

@Suite("Column chunks: every value reads back exactly")
struct ColumnChunkTests {
  /// Decodes `bytes` as numbers of `type`, one more row than stored (which must be missing).
  static func numbers(_ bytes: [UInt8], type: ColumnType, count: Int) throws -> [Double] {
    var values = [Double](repeating: 0, count: count + 1)
    try bytes.withUnsafeBytes { chunk in
      try values.withUnsafeMutableBufferPointer { (out) throws(SegmentaError) in
        try ColumnChunk.decodeNumbers(chunk, type: type, into: out.baseAddress.unsafelyUnwrapped, count: count + 1)
      }
    }
    return values
  }

  @Test(
    "decimals read back bit for bit, scaled where an exponent fits and raw where none does",
    arguments: [
      [9542.98, 0.01, -123.456, .nan, 1e6, 0],
      [0.1 + 0.2, 1.5],
      [1e300, -2.5e-300, .nan],
      [5e-324, Double.greatestFiniteMagnitude],
      [9_007_199_254_740_993, 0.123456789012345678],
      [-0.0, 1],
    ])
  func decimals(values: [Double]) throws {
    let bytes = ColumnChunk.encode(TypedColumn(decimals: values), 0..<values.count)
    let read = try Self.numbers(bytes, type: .decimal, count: values.count)
    for (value, back) in zip(values, read) {
      // A zero is stored without its sign.
      #expect(value.isNaN ? back.isNaN : back.bitPattern == (value == 0 ? 0 : value).bitPattern, "\(value)")
    }
    #expect(read[values.count].isNaN)
    let decoded = try bytes.withUnsafeBytes { try ColumnChunk.decode($0, type: .decimal, count: values.count) }
    #expect(zip(values, decoded.decimals).allSatisfy { $0.isNaN ? $1.isNaN : $1 == $0 })
  }

  @Test("whole numbers keep every bit, whatever their range; dates read as days and timestamps as days")
  func integers() throws {
    var column = TypedColumn(.integers)
    let values: [Int64?] = [Int64.min, 0, nil, Int64.max, -1, 42]
    for value in values {
      if let value { column.append(value) } else { column.appendMissing() }
    }
    let bytes = ColumnChunk.encode(column, 0..<column.count)
    let decoded = try bytes.withUnsafeBytes { try ColumnChunk.decode($0, type: .integer, count: values.count) }
    for (row, value) in values.enumerated() {
      #expect(decoded.isPresent(row) == (value != nil))
      if let value { #expect(decoded.integers[row] == value) }
    }
    var seconds = TypedColumn(.integers)
    for value: Int64 in [86_400 * 19_000 + 3_600, -86_400] { seconds.append(value) }
    let timestamps = try Self.numbers(ColumnChunk.encode(seconds, 0..<2), type: .timestamp, count: 2)
    #expect(timestamps[0] == Double(86_400 * 19_000 + 3_600) / 86_400 && timestamps[1] == -1)
    let days = try Self.numbers(ColumnChunk.encode(seconds, 0..<2), type: .date, count: 2)
    #expect(days[0] == Double(86_400 * 19_000 + 3_600))
  }

  @Test("text reads back as written, plain or with a dictionary; empty values are missing")
  func text() throws {
    for values in [
      (0..<300).map { "id-\($0)-\(String(repeating: "x", count: $0 % 300))" },
      (0..<300).map { ["北京", "", "上海"][$0 % 3] },
    ] {
      var column = TypedColumn(.text)
      for value in values { ValueParser.withBytes(of: value) { column.append(text: $0) } }
      let bytes = ColumnChunk.encode(column, 0..<values.count)
      let chunk = try bytes.withUnsafeBytes { raw in
        let text = try TextChunk(raw)
        return (0..<text.count).map { String(decoding: text.value($0), as: UTF8.self) }
      }
      #expect(chunk == values)
      #expect((bytes[0] == 4) == (values[1] == ""))
    }
  }

  @Test("a damaged chunk is refused, not misread")
  func damaged() throws {
    let bytes = ColumnChunk.encode(TypedColumn(decimals: [1.5, 2.5]), 0..<2)
    #expect(throws: SegmentaError.self) { try Self.numbers(Array(bytes.prefix(12)), type: .decimal, count: 2) }
    #expect(throws: SegmentaError.self) { try Self.numbers([9, 0, 0, 0, 1, 0, 0, 0], type: .decimal, count: 1) }
  }
}
