/// A growable buffer of plain values written through a pointer: appending makes no copy-on-write
/// check, which an array in a struct in an array would make for every value of an import.
///
/// The owner deallocates it.
struct GrowableBuffer<Element: BitwiseCopyable> {
  private(set) var base: UnsafeMutablePointer<Element>
  private(set) var count = 0
  private var capacity: Int

  init(capacity: Int = 1024) {
    self.capacity = max(1, capacity)
    base = .allocate(capacity: self.capacity)
  }

  @inline(__always)
  mutating func append(_ element: Element) {
    if count == capacity { grow(to: count + 1) }
    base[count] = element
    count += 1
  }

  @inline(__always)
  mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
    if count + elements.count > capacity { grow(to: count + elements.count) }
    if elements.count <= 16 {
      // Short values (most fields) are copied inline rather than through a call.
      for index in 0..<elements.count { base[count + index] = elements[index] }
    } else if let source = elements.baseAddress {
      (base + count).update(from: source, count: elements.count)
    }
    count += elements.count
  }

  private mutating func grow(to minimum: Int) {
    let newCapacity = max(minimum, capacity * 2)
    let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
    grown.update(from: base, count: count)
    base.deallocate()
    base = grown
    capacity = newCapacity
  }

  @inline(__always)
  subscript(index: Int) -> Element {
    get { base[index] }
    nonmutating set { base[index] = newValue }
  }

  /// The elements as an array.
  var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

  /// The elements, reinterpreted as `T` (of the same size), as an array.
  func array<T: BitwiseCopyable>(of type: T.Type) -> [T] {
    precondition(MemoryLayout<T>.stride == MemoryLayout<Element>.stride)
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      UnsafeMutableRawPointer(buffer.baseAddress.unsafelyUnwrapped).copyMemory(
        from: base, byteCount: count * MemoryLayout<T>.stride)
      initialized = count
    }
  }

  func deallocate() { base.deallocate() }
}

/// One column's values for one part of a file as an import checks them.
///
/// Values are appended without copy-on-write checks, then read out as a ``TypedColumn``. The owner
/// deallocates it.
struct ColumnAppender {
  private(set) var storage: TypedColumn.Storage
  /// Whole numbers or decimals (as bit patterns).
  private var words = GrowableBuffer<UInt64>()
  /// Presence bits of whole numbers.
  private var presence = GrowableBuffer<UInt64>(capacity: 32)
  /// Text lengths and bytes.
  private var lengths = GrowableBuffer<Int32>()
  private var bytes = GrowableBuffer<UInt8>(capacity: 8192)
  private(set) var count = 0

  init(_ storage: TypedColumn.Storage) {
    self.storage = storage
  }

  @inline(__always)
  mutating func appendMissing() {
    switch storage {
    case .integers:
      if count & 63 == 0 { presence.append(0) }
      words.append(0)
    case .decimals: words.append(Double.nan.bitPattern)
    case .text: lengths.append(0)
    }
    count += 1
  }

  @inline(__always)
  mutating func append(_ value: Int64) {
    if count & 63 == 0 { presence.append(0) }
    presence[count >> 6] |= 1 << UInt64(count & 63)
    words.append(UInt64(bitPattern: value))
    count += 1
  }

  @inline(__always)
  mutating func append(_ value: Double) {
    words.append(value.bitPattern)
    count += 1
  }

  @inline(__always)
  mutating func append(text value: UnsafeBufferPointer<UInt8>) {
    lengths.append(Int32(value.count))
    bytes.append(contentsOf: value)
    count += 1
  }

  /// Whole numbers become decimals (`Double(_:)`, NaN where missing).
  mutating func convertToDecimals() {
    precondition(storage == .integers)
    for row in 0..<count {
      let present = presence[row >> 6] & (1 << UInt64(row & 63)) != 0
      words[row] = present ? Double(Int64(bitPattern: words[row])).bitPattern : Double.nan.bitPattern
    }
    storage = .decimals
  }

  /// Whole numbers multiplied by `factor`.
  mutating func multiply(by factor: Int64) {
    precondition(storage == .integers)
    for row in 0..<count { words[row] = UInt64(bitPattern: Int64(bitPattern: words[row]) &* factor) }
  }

  /// The values as a ``TypedColumn``.
  var column: TypedColumn {
    switch storage {
    case .integers:
      return TypedColumn(integers: words.array(of: Int64.self), presence: presence.array)
    case .decimals:
      return TypedColumn(decimals: words.array(of: Double.self))
    case .text:
      return TypedColumn(
        text: Array(UnsafeBufferPointer(start: bytes.base, count: bytes.count)), lengths: lengths.array)
    }
  }

  func deallocate() {
    words.deallocate()
    presence.deallocate()
    lengths.deallocate()
    bytes.deallocate()
  }
}
