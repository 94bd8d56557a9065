import SegmentaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The binary form of one customer column for a run of ``rows`` customers (a chunk), as stored in
/// `customer_chunk.data`.
///
/// Chunk `c` of a column holds the customers with keys `c·rows + 1 … c·rows + count` in key order.
/// All numbers are little-endian and read without alignment. Every chunk starts with an 8-byte
/// header: format, width, exponent, flags (bit 0: a presence bitmap follows), row count (`UInt32`).
///
/// - Format 1, scaled integers — every numeric type: each value is `base + v` (an `Int64` base after
///   the header, `v` unsigned in `width` = 0, 1, 2, 4 or 8 bytes) divided by 10^`exponent`; missing
///   rows have a clear bit in the presence bitmap (one bit per row in `UInt64` words). Integers,
///   booleans (0/1), dates (days since 1970-01-01) and timestamps (seconds) use exponent 0 and are
///   exact. A decimal chunk takes the smallest exponent at which every value `x` satisfies
///   `Double(m) / 10^e == x` bit for bit with `|m| < 2^53`: reading computes exactly that, so each
///   value reads back as the very `Double` parsed from the file.
/// - Format 2, raw `Float64` bit patterns, NaN where missing: decimals no exponent fits (`1e300`,
///   `-0.0`, 17 significant digits).
/// - Format 3, plain text: the header's width is that of each value's byte length (a length of 0 is
///   a missing value), then the lengths, then the bytes.
/// - Format 4, dictionary text: after the header the number of distinct values (`UInt32`), their
///   lengths (the header's exponent byte holds the length width), their bytes, then a code per row
///   in `width` bytes (0: missing, `i`: the `i`-th distinct value).
enum ColumnChunk {
  /// Customers per chunk.
  static let rows = 16_384

  enum Format: UInt8 {
    case integers = 1
    case float64 = 2
    case text = 3
    case dictionary = 4
  }

  /// Exact powers of ten, 10^0 … 10^18.
  static let powersOfTen: [Double] = (0...18).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
  }

  // MARK: Encoding

  /// The bytes of `column`'s rows `range` (at most ``rows`` of them).
  static func encode(_ column: TypedColumn, _ range: Range<Int>) -> [UInt8] {
    precondition(range.count <= rows)
    switch column.storage {
    case .integers:
      return column.integers.withUnsafeBufferPointer { integers in
        encodeIntegers(count: range.count, presence: bitmap(range.count) { column.isPresent(range.lowerBound + $0) }) {
          integers[range.lowerBound + $0]
        }
      }
    case .decimals:
      return column.decimals.withUnsafeBufferPointer { encodeDecimals(UnsafeBufferPointer(rebasing: $0[range])) }
    case .text:
      return encodeText(column, range)
    }
  }

  /// A presence bitmap of `count` rows, or nil when every row has a value.
  static func bitmap(_ count: Int, _ isPresent: (Int) -> Bool) -> [UInt64]? {
    var words = [UInt64](repeating: 0, count: (count + 63) / 64)
    var missing = false
    words.withUnsafeMutableBufferPointer { words in
      for row in 0..<count {
        if isPresent(row) { words[row >> 6] |= 1 << UInt64(row & 63) } else { missing = true }
      }
    }
    return missing ? words : nil
  }

  static func header(_ format: Format, width: Int, exponent: Int = 0, flags: UInt8 = 0, count: Int) -> [UInt8] {
    var bytes: [UInt8] = [format.rawValue, UInt8(width), UInt8(exponent), flags]
    append(UInt32(count), to: &bytes)
    return bytes
  }

  static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  /// The narrowest byte width (0, 1, 2, 4 or 8) that holds `range`.
  static func width(_ range: UInt64) -> Int {
    switch range {
    case 0: return 0
    case ..<0x100: return 1
    case ..<0x1_0000: return 2
    case ..<0x1_0000_0000: return 4
    default: return 8
    }
  }

  /// Appends `count` unsigned integers (`value` gives each) of `width` bytes each.
  @inline(__always)
  static func pack(count: Int, width: Int, to bytes: inout [UInt8], _ value: (Int) -> UInt64) {
    guard width > 0 else { return }
    let start = bytes.count
    bytes.append(contentsOf: repeatElement(0, count: count * width))
    bytes.withUnsafeMutableBytes { raw in
      let out = raw.baseAddress.unsafelyUnwrapped + start
      switch width {
      case 1:
        for row in 0..<count {
          out.storeBytes(of: UInt8(truncatingIfNeeded: value(row)), toByteOffset: row, as: UInt8.self)
        }
      case 2:
        for row in 0..<count {
          out.storeBytes(
            of: UInt16(truncatingIfNeeded: value(row)).littleEndian, toByteOffset: row * 2, as: UInt16.self)
        }
      case 4:
        for row in 0..<count {
          out.storeBytes(
            of: UInt32(truncatingIfNeeded: value(row)).littleEndian, toByteOffset: row * 4, as: UInt32.self)
        }
      default:
        for row in 0..<count { out.storeBytes(of: value(row).littleEndian, toByteOffset: row * 8, as: UInt64.self) }
      }
    }
  }

  /// Format 1 for `count` rows whose values `value` gives, present where `presence` says (every row
  /// when nil; a missing row's value is never read).
  @inline(__always)
  static func encodeIntegers(
    count: Int, presence: [UInt64]?, exponent: Int = 0, _ value: (Int) -> Int64
  ) -> [UInt8] {
    var low = Int64.max
    var high = Int64.min
    if let presence {
      for row in 0..<count where presence[row >> 6] & (1 << UInt64(row & 63)) != 0 {
        low = min(low, value(row))
        high = max(high, value(row))
      }
    } else {
      for row in 0..<count {
        low = min(low, value(row))
        high = max(high, value(row))
      }
    }
    if low > high { (low, high) = (0, 0) }
    let width = width(UInt64(bitPattern: high &- low))
    // Flag bit 1: every value fits an Int32, which reads convert faster.
    let fitsInt32 = low >= Int64(Int32.min) && high <= Int64(Int32.max)
    var bytes = header(
      .integers, width: width, exponent: exponent, flags: (presence == nil ? 0 : 1) | (fitsInt32 ? 2 : 0),
      count: count)
    bytes.reserveCapacity(16 + (presence?.count ?? 0) * 8 + count * width)
    append(low, to: &bytes)
    for word in presence ?? [] { append(word, to: &bytes) }
    // Values below the base (missing rows) wrap around; they are never read.
    pack(count: count, width: width, to: &bytes) { UInt64(bitPattern: value($0) &- low) }
    return bytes
  }

  /// The scaled integer of `value` at `exponent`, if it reads back as `value` bit for bit.
  @inline(__always)
  static func scaled(_ value: Double, _ exponent: Int) -> Int64? {
    let power = powersOfTen[exponent]
    let product = value * power
    guard abs(product) < 9_007_199_254_740_992 else { return nil }
    let mantissa = Int64(product.rounded())
    let back = exponent == 0 ? Double(mantissa) : Double(mantissa) / power
    return back.bitPattern == value.bitPattern ? mantissa : nil
  }

  /// Format 1 with the smallest exponent that keeps every value exact, else format 2.
  ///
  /// A zero is stored without its sign, as the row table stored decimals before.
  static func encodeDecimals(_ values: UnsafeBufferPointer<Double>) -> [UInt8] {
    var mantissas = [Int64](repeating: 0, count: values.count)
    var missing = false
    var exponent = 0
    // One pass at the exponent so far; a value that needs a larger one raises it and starts again
    // (a value exact at an exponent stays exact at larger ones).
    let exact = mantissas.withUnsafeMutableBufferPointer { mantissas in
      var row = 0
      while row < values.count {
        let value = values[row]
        if value.isNaN {
          missing = true
          row += 1
          continue
        }
        if value == 0 {
          mantissas[row] = 0
          row += 1
          continue
        }
        if let mantissa = scaled(value, exponent) {
          mantissas[row] = mantissa
          row += 1
          continue
        }
        while exponent < powersOfTen.count - 1 && scaled(value, exponent) == nil { exponent += 1 }
        guard scaled(value, exponent) != nil else { return false }
        row = 0
      }
      return true
    }
    guard exact else {
      var bytes = header(.float64, width: 8, count: values.count)
      for value in values { append((value == 0 ? 0 : value).bitPattern, to: &bytes) }
      return bytes
    }
    let presence = missing ? bitmap(values.count) { !values[$0].isNaN } : nil
    return mantissas.withUnsafeBufferPointer { mantissas in
      encodeIntegers(count: values.count, presence: presence, exponent: exponent) { mantissas[$0] }
    }
  }

  /// Format 4 when few distinct values repeat, else format 3.
  static func encodeText(_ column: TypedColumn, _ range: Range<Int>) -> [UInt8] {
    var totalBytes = 0
    var longest = 0
    for row in range {
      totalBytes += Int(column.lengths[row])
      longest = max(longest, Int(column.lengths[row]))
    }
    let lengthWidth = max(1, width(UInt64(longest)))
    if let dictionary = encodeDictionary(column, range, plainSize: range.count * lengthWidth + totalBytes) {
      return dictionary
    }
    var bytes = header(.text, width: lengthWidth, count: range.count)
    bytes.reserveCapacity(8 + range.count * lengthWidth + totalBytes)
    column.lengths.withUnsafeBufferPointer { lengths in
      pack(count: range.count, width: lengthWidth, to: &bytes) { UInt64(lengths[range.lowerBound + $0]) }
    }
    column.bytes.withUnsafeBufferPointer { source in
      for row in range where column.lengths[row] > 0 {
        bytes.append(
          contentsOf: UnsafeBufferPointer(
            rebasing: source[column.starts[row]..<(column.starts[row] + Int(column.lengths[row]))]))
      }
    }
    return bytes
  }

  /// Format 4, if it is smaller than `plainSize` bytes of format 3.
  static func encodeDictionary(_ column: TypedColumn, _ range: Range<Int>, plainSize: Int) -> [UInt8]? {
    // Mostly distinct values (ids, e-mail addresses) show it in their first rows.
    let limit = min(65_534, range.count / 2)
    var table = TextDictionary(capacity: min(limit, 4096))
    var codes = [UInt64](repeating: 0, count: range.count)
    let complete = column.bytes.withUnsafeBufferPointer { source in
      for (row, index) in range.enumerated() where column.lengths[index] > 0 {
        let value = UnsafeBufferPointer(
          rebasing: source[column.starts[index]..<(column.starts[index] + Int(column.lengths[index]))])
        codes[row] = UInt64(table.code(of: value))
        if table.count > limit || (row == 255 && table.count > 128) { return false }
      }
      return true
    }
    guard complete else { return nil }
    let lengthWidth = max(1, width(UInt64(table.longest)))
    let codeWidth = table.count < 255 ? 1 : 2
    let size = 12 + table.count * lengthWidth + table.bytes.count + range.count * codeWidth
    guard size < plainSize else { return nil }
    var bytes = header(.dictionary, width: codeWidth, exponent: lengthWidth, count: range.count)
    bytes.reserveCapacity(size)
    append(UInt32(table.count), to: &bytes)
    pack(count: table.count, width: lengthWidth, to: &bytes) { UInt64(table.lengths[$0]) }
    bytes.append(contentsOf: table.bytes)
    codes.withUnsafeBufferPointer { codes in pack(count: codes.count, width: codeWidth, to: &bytes) { codes[$0] } }
    return bytes
  }

  /// The distinct values of a text chunk, numbered from 1 in order of first appearance.
  struct TextDictionary {
    private(set) var bytes: [UInt8] = []
    private(set) var lengths: [Int] = []
    private(set) var longest = 0
    private var starts: [Int] = []
    private var hashes: [UInt64] = []
    /// Open addressing: 1 + the value's index, 0 for an empty slot.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int) {
      var size = 64
      while size < capacity * 2 { size <<= 1 }
      slots = [Int32](repeating: 0, count: size)
      mask = size - 1
    }

    var count: Int { lengths.count }

    /// The code of `value` (1 + its index), adding it if new.
    mutating func code(of value: UnsafeBufferPointer<UInt8>) -> Int {
      let hash = ByteHash.hash(value)
      var slot = Int(truncatingIfNeeded: hash) & mask
      let found: Int? = slots.withUnsafeBufferPointer { slots in
        hashes.withUnsafeBufferPointer { hashes in
          bytes.withUnsafeBufferPointer { bytes in
            while slots[slot] != 0 {
              let index = Int(slots[slot]) - 1
              if hashes[index] == hash && lengths[index] == value.count
                && (value.isEmpty
                  || memcmp(
                    bytes.baseAddress.unsafelyUnwrapped + starts[index], value.baseAddress.unsafelyUnwrapped,
                    value.count) == 0)
              {
                return index + 1
              }
              slot = (slot + 1) & mask
            }
            return nil
          }
        }
      }
      if let found { return found }
      starts.append(bytes.count)
      lengths.append(value.count)
      hashes.append(hash)
      bytes.append(contentsOf: value)
      longest = max(longest, value.count)
      slots[slot] = Int32(count)
      if count * 2 > slots.count { grow() }
      return count
    }

    private mutating func grow() {
      let size = slots.count * 2
      slots = [Int32](repeating: 0, count: size)
      mask = size - 1
      for (index, hash) in hashes.enumerated() {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
      }
    }
  }

  // MARK: Decoding

  /// A chunk's header fields.
  struct Header {
    var format: Format
    var width: Int
    var exponent: Int
    var hasPresence: Bool
    /// Whether every value of a scaled-integer chunk fits an `Int32`.
    var fitsInt32: Bool
    var count: Int

    init(_ chunk: UnsafeRawBufferPointer) throws(SegmentaError) {
      guard chunk.count >= 8, let format = Format(rawValue: chunk[0]) else { throw ColumnChunk.damaged }
      self.format = format
      width = Int(chunk[1])
      exponent = Int(chunk[2])
      hasPresence = chunk[3] & 1 != 0
      fitsInt32 = chunk[3] & 2 != 0
      count = Int(UInt32(littleEndian: chunk.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
    }
  }

  static let damaged = SegmentaError(
    .database, "workspace database error: a stored customer column is damaged (it does not decode)")

  /// Reads an unsigned little-endian value of `width` bytes at `offset`.
  @inline(__always)
  static func load(_ raw: UnsafeRawPointer, _ offset: Int, width: Int) -> UInt64 {
    switch width {
    case 0: return 0
    case 1: return UInt64(raw.load(fromByteOffset: offset, as: UInt8.self))
    case 2: return UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset * 2, as: UInt16.self)))
    case 4: return UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset * 4, as: UInt32.self)))
    default: return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset * 8, as: UInt64.self))
    }
  }

  /// Decodes a numeric chunk into `out[0..<count]` as `Double`s: numbers as they are, dates as days,
  /// timestamps as days (seconds ÷ 86,400), NaN where missing or beyond the chunk's rows.
  static func decodeNumbers(
    _ chunk: UnsafeRawBufferPointer, type: ColumnType, into out: UnsafeMutablePointer<Double>, count: Int
  ) throws(SegmentaError) {
    let header = try Header(chunk)
    let stored = min(count, header.count)
    let raw = chunk.baseAddress.unsafelyUnwrapped
    switch header.format {
    case .integers:
      let presenceWords = header.hasPresence ? (header.count + 63) / 64 : 0
      let dataOffset = 16 + presenceWords * 8
      guard header.exponent < powersOfTen.count, chunk.count >= dataOffset + header.count * header.width
      else { throw damaged }
      let base = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: Int64.self))
      let data = raw + dataOffset
      let divisor = header.exponent > 0 ? powersOfTen[header.exponent] : type == .timestamp ? 86_400.0 : 1
      widen(data, width: header.width, base: base, fitsInt32: header.fitsInt32, into: out, count: stored)
      if divisor != 1 {
        for row in 0..<stored { out[row] = out[row] / divisor }
      }
      if header.hasPresence {
        for word in 0..<((stored + 63) / 64) {
          let bits = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16 + word * 8, as: UInt64.self))
          if bits == ~0 { continue }
          for bit in 0..<min(64, stored - word * 64) where bits & (1 << UInt64(bit)) == 0 {
            out[word * 64 + bit] = .nan
          }
        }
      }
    case .float64:
      guard chunk.count >= 8 + header.count * 8 else { throw damaged }
      for row in 0..<stored {
        out[row] = Double(
          bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 + row * 8, as: UInt64.self)))
      }
    case .text, .dictionary:
      throw damaged
    }
    if stored < count { (out + stored).initialize(repeating: .nan, count: count - stored) }
  }

  /// Writes `Double(base + v)` for each of `count` values `v` of `width` bytes; in `Int32`
  /// arithmetic (whose conversion is vectorised) when every value fits one.
  @inline(__always)
  static func widen(
    _ data: UnsafeRawPointer, width: Int, base: Int64, fitsInt32: Bool, into out: UnsafeMutablePointer<Double>,
    count: Int
  ) {
    if fitsInt32 && width <= 4 {
      let low = Int32(truncatingIfNeeded: base)
      switch width {
      case 0:
        out.initialize(repeating: Double(low), count: count)
      case 1:
        for row in 0..<count { out[row] = Double(low &+ Int32(data.load(fromByteOffset: row, as: UInt8.self))) }
      case 2:
        for row in 0..<count {
          out[row] = Double(
            low &+ Int32(UInt16(littleEndian: data.loadUnaligned(fromByteOffset: row * 2, as: UInt16.self))))
        }
      default:
        for row in 0..<count {
          let value = UInt32(littleEndian: data.loadUnaligned(fromByteOffset: row * 4, as: UInt32.self))
          out[row] = Double(low &+ Int32(bitPattern: value))
        }
      }
      return
    }
    for row in 0..<count {
      out[row] = Double(base &+ Int64(bitPattern: load(data, row, width: width)))
    }
  }

  /// Decodes a chunk of a column of `type` into a ``TypedColumn`` of `count` rows (missing beyond the
  /// chunk's rows).
  static func decode(_ chunk: UnsafeRawBufferPointer, type: ColumnType, count: Int) throws(SegmentaError) -> TypedColumn
  {
    let header = try Header(chunk)
    switch type.storage {
    case .decimals:
      var values = [Double](repeating: .nan, count: count)
      try values.withUnsafeMutableBufferPointer { (out) throws(SegmentaError) in
        try decodeNumbers(chunk, type: .decimal, into: out.baseAddress.unsafelyUnwrapped, count: count)
      }
      return TypedColumn(decimals: values)
    case .integers:
      guard header.format == .integers, header.exponent == 0 else { throw damaged }
      let presenceWords = header.hasPresence ? (header.count + 63) / 64 : 0
      let dataOffset = 16 + presenceWords * 8
      guard chunk.count >= dataOffset + header.count * header.width else { throw damaged }
      let raw = chunk.baseAddress.unsafelyUnwrapped
      let base = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: Int64.self))
      let stored = min(count, header.count)
      var values = [Int64](repeating: 0, count: count)
      var presence = [UInt64](repeating: 0, count: (count + 63) / 64)
      for row in 0..<stored {
        let present =
          !header.hasPresence
          || UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16 + (row >> 6) * 8, as: UInt64.self))
            & (1 << UInt64(row & 63)) != 0
        guard present else { continue }
        values[row] = base &+ Int64(bitPattern: load(raw + dataOffset, row, width: header.width))
        presence[row >> 6] |= 1 << UInt64(row & 63)
      }
      return TypedColumn(integers: values, presence: presence)
    case .text:
      let text = try TextChunk(chunk)
      var column = TypedColumn(.text, capacity: count)
      for row in 0..<min(count, text.count) { column.append(text: text.value(row)) }
      column.padMissing(to: count)
      return column
    }
  }
}

/// A text chunk (format 3 or 4) read in place.
struct TextChunk {
  /// Rows in the chunk.
  let count: Int
  /// Whether the chunk holds few distinct values (codes and a dictionary).
  let isDictionary: Bool
  private let raw: UnsafeRawBufferPointer
  /// Plain text: where each row's bytes start, and their lengths.
  private var starts: [Int] = []
  private var lengths: [Int] = []
  /// Dictionary text: the code of each row (0 missing, else 1 + the index of its value).
  private var codes: [Int] = []
  /// Dictionary text: where each distinct value starts, and its length.
  private var entryStarts: [Int] = []
  private var entryLengths: [Int] = []

  init(_ chunk: UnsafeRawBufferPointer) throws(SegmentaError) {
    let header = try ColumnChunk.Header(chunk)
    raw = chunk
    count = header.count
    isDictionary = header.format == .dictionary
    let base = chunk.baseAddress.unsafelyUnwrapped
    switch header.format {
    case .text:
      var offset = 8 + header.count * header.width
      guard chunk.count >= offset else { throw ColumnChunk.damaged }
      starts.reserveCapacity(count)
      lengths.reserveCapacity(count)
      for row in 0..<count {
        let length = Int(ColumnChunk.load(base + 8, row, width: header.width))
        starts.append(offset)
        lengths.append(length)
        offset += length
      }
      guard offset <= chunk.count else { throw ColumnChunk.damaged }
    case .dictionary:
      guard chunk.count >= 12 else { throw ColumnChunk.damaged }
      let entries = Int(UInt32(littleEndian: chunk.loadUnaligned(fromByteOffset: 8, as: UInt32.self)))
      let lengthWidth = header.exponent
      var offset = 12 + entries * lengthWidth
      guard chunk.count >= offset else { throw ColumnChunk.damaged }
      for entry in 0..<entries {
        let length = Int(ColumnChunk.load(base + 12, entry, width: lengthWidth))
        entryStarts.append(offset)
        entryLengths.append(length)
        offset += length
      }
      guard chunk.count >= offset + count * header.width else { throw ColumnChunk.damaged }
      codes.reserveCapacity(count)
      for row in 0..<count {
        let code = Int(ColumnChunk.load(base + offset, row, width: header.width))
        guard code <= entries else { throw ColumnChunk.damaged }
        codes.append(code)
      }
    case .integers, .float64:
      throw ColumnChunk.damaged
    }
  }

  /// The bytes of row `row` (empty when missing).
  func value(_ row: Int) -> UnsafeBufferPointer<UInt8> {
    if isDictionary {
      let code = codes[row]
      return code == 0 ? UnsafeBufferPointer(start: nil, count: 0) : entry(code - 1)
    }
    return UnsafeBufferPointer(
      start: raw.baseAddress.unsafelyUnwrapped.advanced(by: starts[row]).assumingMemoryBound(to: UInt8.self),
      count: lengths[row])
  }

  /// The number of distinct values of a dictionary chunk.
  var entryCount: Int { entryStarts.count }

  /// Distinct value `index` of a dictionary chunk.
  func entry(_ index: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(
      start: raw.baseAddress.unsafelyUnwrapped.advanced(by: entryStarts[index]).assumingMemoryBound(to: UInt8.self),
      count: entryLengths[index])
  }

  /// The dictionary code of row `row` (0: missing), for a dictionary chunk.
  func code(_ row: Int) -> Int { codes[row] }
}
