/// One column's values for a run of rows, kept the way the workspace stores them.
///
/// Three representations cover every ``ColumnType`` (``ColumnType/storage``): whole numbers
/// (integers, booleans as 0 and 1, dates as days since 1970-01-01, timestamps as wall-clock seconds)
/// with a presence bit per row; decimals, where NaN marks a missing value (a parsed number is always
/// finite); and text, where an empty value is a missing one (an import stores an empty field as
/// missing). Rows can be appended or, for merging into stored data, set at any position.
public struct TypedColumn: Sendable {
  /// How values are kept.
  public enum Storage: Sendable, Equatable {
    /// `Int64` values and presence bits.
    case integers
    /// `Double` values, NaN where missing.
    case decimals
    /// Byte strings, empty where missing.
    case text
  }

  /// The representation.
  public let storage: Storage
  /// Number of rows.
  public private(set) var count = 0
  /// Whole numbers (0 where missing), for ``Storage/integers``.
  public private(set) var integers: [Int64] = []
  /// One bit per row of ``integers``, set when the row has a value.
  public private(set) var presence: [UInt64] = []
  /// Decimals (NaN where missing), for ``Storage/decimals``.
  public private(set) var decimals: [Double] = []
  /// The bytes text values point into, for ``Storage/text``.
  public private(set) var bytes: [UInt8] = []
  /// Where each text value starts in ``bytes``.
  public private(set) var starts: [Int] = []
  /// Each text value's length in bytes (0 where missing).
  public private(set) var lengths: [Int32] = []

  /// An empty column, with room for `capacity` rows.
  public init(_ storage: Storage, capacity: Int = 0) {
    self.storage = storage
    switch storage {
    case .integers:
      integers.reserveCapacity(capacity)
      presence.reserveCapacity((capacity + 63) / 64)
    case .decimals:
      decimals.reserveCapacity(capacity)
    case .text:
      starts.reserveCapacity(capacity)
      lengths.reserveCapacity(capacity)
    }
  }

  /// A column of `count` missing values.
  public init(missing count: Int, _ storage: Storage) {
    self.storage = storage
    self.count = count
    switch storage {
    case .integers:
      integers = [Int64](repeating: 0, count: count)
      presence = [UInt64](repeating: 0, count: (count + 63) / 64)
    case .decimals:
      decimals = [Double](repeating: .nan, count: count)
    case .text:
      starts = [Int](repeating: 0, count: count)
      lengths = [Int32](repeating: 0, count: count)
    }
  }

  /// A column of whole numbers, present where `presence` has the row's bit set.
  public init(integers: [Int64], presence: [UInt64]) {
    precondition(presence.count == (integers.count + 63) / 64)
    storage = .integers
    count = integers.count
    self.integers = integers
    self.presence = presence
  }

  /// A column of decimals, NaN where missing.
  public init(decimals: [Double]) {
    storage = .decimals
    count = decimals.count
    self.decimals = decimals
  }

  /// A column of text values laid end to end in `bytes`, with their `lengths` (0 where missing).
  public init(text bytes: [UInt8], lengths: [Int32]) {
    storage = .text
    count = lengths.count
    self.bytes = bytes
    self.lengths = lengths
    starts = [Int](unsafeUninitializedCapacity: lengths.count) { starts, initialized in
      var start = 0
      for (row, length) in lengths.enumerated() {
        starts[row] = start
        start += Int(length)
      }
      initialized = lengths.count
    }
  }

  /// Whether row `index` holds a value.
  @inlinable
  public func isPresent(_ index: Int) -> Bool {
    switch storage {
    case .integers: return presence[index >> 6] & (1 << UInt64(index & 63)) != 0
    case .decimals: return !decimals[index].isNaN
    case .text: return lengths[index] > 0
    }
  }

  /// The number of rows that hold a value.
  public var presentCount: Int {
    switch storage {
    case .integers: return presence.reduce(0) { $0 + $1.nonzeroBitCount }
    case .decimals: return decimals.reduce(0) { $0 + ($1.isNaN ? 0 : 1) }
    case .text: return lengths.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
    }
  }

  /// The number of rows of `range` that hold a value.
  public func presentCount(in range: Range<Int>) -> Int {
    switch storage {
    case .integers: return range.reduce(0) { $0 + (isPresent($1) ? 1 : 0) }
    case .decimals: return decimals[range].reduce(0) { $0 + ($1.isNaN ? 0 : 1) }
    case .text: return lengths[range].reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
    }
  }

  /// Calls `body` with the bytes of text row `index` (empty when missing).
  @inlinable
  public func withText<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try bytes.withUnsafeBufferPointer { buffer in
      try body(UnsafeBufferPointer(rebasing: buffer[starts[index]..<(starts[index] + Int(lengths[index]))]))
    }
  }

  /// Appends a missing value.
  public mutating func appendMissing() {
    switch storage {
    case .integers:
      if count & 63 == 0 { presence.append(0) }
      integers.append(0)
    case .decimals:
      decimals.append(.nan)
    case .text:
      starts.append(bytes.count)
      lengths.append(0)
    }
    count += 1
  }

  /// Appends a whole number.
  public mutating func append(_ value: Int64) {
    if count & 63 == 0 { presence.append(0) }
    presence[count >> 6] |= 1 << UInt64(count & 63)
    integers.append(value)
    count += 1
  }

  /// Appends a decimal (NaN for a missing value).
  public mutating func append(_ value: Double) {
    decimals.append(value)
    count += 1
  }

  /// Appends a text value (empty for a missing one).
  public mutating func append(text value: UnsafeBufferPointer<UInt8>) {
    starts.append(bytes.count)
    lengths.append(Int32(value.count))
    bytes.append(contentsOf: value)
    count += 1
  }

  /// Sets row `index` to row `other` of `source` (same storage).
  public mutating func set(_ index: Int, from source: TypedColumn, at other: Int) {
    switch storage {
    case .integers:
      let bit: UInt64 = 1 << UInt64(index & 63)
      if source.isPresent(other) {
        integers[index] = source.integers[other]
        presence[index >> 6] |= bit
      } else {
        integers[index] = 0
        presence[index >> 6] &= ~bit
      }
    case .decimals:
      decimals[index] = source.decimals[other]
    case .text:
      source.withText(other) { value in
        starts[index] = bytes.count
        lengths[index] = Int32(value.count)
        bytes.append(contentsOf: value)
      }
    }
  }

  /// Appends rows `range` of `source` (same storage).
  public mutating func append(contentsOf source: TypedColumn, _ range: Range<Int>) {
    switch storage {
    case .integers:
      integers.append(contentsOf: source.integers[range])
      presence.append(contentsOf: repeatElement(0, count: (count + range.count + 63) / 64 - presence.count))
      let first = count
      presence.withUnsafeMutableBufferPointer { target in
        source.presence.withUnsafeBufferPointer { bits in
          for (offset, row) in range.enumerated() where bits[row >> 6] & (1 << UInt64(row & 63)) != 0 {
            target[(first + offset) >> 6] |= 1 << UInt64((first + offset) & 63)
          }
        }
      }
      count += range.count
      return
    case .decimals:
      decimals.append(contentsOf: source.decimals[range])
      count += range.count
    case .text:
      guard let first = range.first, let last = range.last else { return }
      let start = source.starts[first]
      let end = source.starts[last] + Int(source.lengths[last])
      let laidEndToEnd = range.dropFirst().allSatisfy {
        source.starts[$0] == source.starts[$0 - 1] + Int(source.lengths[$0 - 1])
      }
      guard laidEndToEnd else {
        for row in range { source.withText(row) { append(text: $0) } }
        return
      }
      // Values laid end to end (as an import reads them) are copied in one piece.
      let shift = bytes.count - start
      bytes.append(contentsOf: source.bytes[start..<end])
      starts.append(contentsOf: source.starts[range].lazy.map { $0 + shift })
      lengths.append(contentsOf: source.lengths[range])
      count += range.count
    }
  }

  /// Pads the column with missing values up to `newCount` rows.
  public mutating func padMissing(to newCount: Int) {
    while count < newCount { appendMissing() }
  }

  /// The same values as decimals (whole numbers converted exactly as `Double(_:)` does).
  public func asDecimals() -> TypedColumn {
    switch storage {
    case .decimals: return self
    case .integers:
      var values = [Double](repeating: .nan, count: count)
      for row in 0..<count where isPresent(row) { values[row] = Double(integers[row]) }
      return TypedColumn(decimals: values)
    case .text: preconditionFailure("text is not converted to decimals")
    }
  }

  /// The whole numbers transformed by `body` (nil from it stops the conversion: nil is returned).
  public func mapIntegers(_ body: (Int64) -> Int64?) -> TypedColumn? {
    precondition(storage == .integers)
    var values = integers
    for row in 0..<count where isPresent(row) {
      guard let value = body(integers[row]) else { return nil }
      values[row] = value
    }
    return TypedColumn(integers: values, presence: presence)
  }
}

extension ColumnType {
  /// How values of this type are kept in a ``TypedColumn``.
  public var storage: TypedColumn.Storage {
    switch self {
    case .integer, .boolean, .date, .timestamp: return .integers
    case .decimal: return .decimals
    case .text: return .text
    }
  }
}
