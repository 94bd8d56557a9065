/// An interning table from byte strings to dense indices 0, 1, 2, … in insertion order.
///
/// Keys live in one contiguous arena and lookups compare bytes without creating `String`s, so
/// millions of customer ids can be resolved per second from raw CSV fields. Lookups are safe to run
/// from many threads at once on a copy that is no longer mutated.
public struct ByteStringTable: Sendable {
  private var arena: [UInt8] = []
  private var offsets: [Int] = [0]
  private var hashes: [UInt64] = []
  /// Open-addressing slots holding index + 1; 0 marks an empty slot.
  private var slots: [Int32]
  private var mask: Int

  var arenaBytes: [UInt8] { arena }
  var offsetList: [Int] { offsets }
  var hashList: [UInt64] { hashes }

  /// Creates an empty table sized for about `capacity` keys.
  public init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: 0, count: size)
    mask = size - 1
  }

  /// Creates a table holding `keys` in order; duplicates keep their first index.
  public init<S: Sequence>(_ keys: S) where S.Element == String {
    self.init(capacity: keys.underestimatedCount)
    for key in keys { _ = insert(key) }
  }

  /// Number of distinct keys.
  public var count: Int { hashes.count }

  /// The bytes of the key at `index`.
  public func key(at index: Int) -> String {
    arena.withUnsafeBufferPointer { buffer in
      String(decoding: UnsafeBufferPointer(rebasing: buffer[offsets[index]..<offsets[index + 1]]), as: UTF8.self)
    }
  }

  /// The index of `bytes`, or nil when absent.
  public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    find(bytes, hash: ByteHash.hash(bytes)).index
  }

  /// The index of `key`, or nil when absent.
  public func index(of key: String) -> Int? {
    ValueParser.withBytes(of: key) { index(of: $0) }
  }

  /// Inserts `bytes` if absent; returns its index and whether it was new.
  @discardableResult
  public mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, inserted: Bool) {
    let hash = ByteHash.hash(bytes)
    let (found, slot) = find(bytes, hash: hash)
    if let found { return (found, false) }
    let index = hashes.count
    arena.append(contentsOf: bytes)
    offsets.append(arena.count)
    hashes.append(hash)
    slots[slot] = Int32(index + 1)
    if hashes.count * 2 > slots.count { grow() }
    return (index, true)
  }

  /// Inserts `key` if absent; returns its index and whether it was new.
  @discardableResult
  public mutating func insert(_ key: String) -> (index: Int, inserted: Bool) {
    ValueParser.withBytes(of: key) { insert($0) }
  }

  private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (index: Int?, slot: Int) {
    slots.withUnsafeBufferPointer { slots in
      hashes.withUnsafeBufferPointer { hashes in
        arena.withUnsafeBufferPointer { arena in
          offsets.withUnsafeBufferPointer { offsets in
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
              let entry = Int(slots[slot])
              if entry == 0 { return (nil, slot) }
              let index = entry - 1
              if hashes[index] == hash {
                let start = offsets[index]
                let length = offsets[index + 1] - start
                if length == bytes.count
                  // Both buffers hold `length` > 0 bytes here, so their base addresses exist.
                  && (length == 0
                    || memoryEqual(
                      arena.baseAddress.unsafelyUnwrapped + start, bytes.baseAddress.unsafelyUnwrapped, length))
                {
                  return (index, slot)
                }
              }
              slot = (slot + 1) & mask
            }
          }
        }
      }
    }
  }

  private mutating func grow() {
    let size = slots.count * 2
    var newSlots = [Int32](repeating: 0, count: size)
    let newMask = size - 1
    for (index, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & newMask
      while newSlots[slot] != 0 { slot = (slot + 1) & newMask }
      newSlots[slot] = Int32(index + 1)
    }
    slots = newSlots
    mask = newMask
  }
}

@inline(__always)
func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
  var i = 0
  let rawA = UnsafeRawPointer(a)
  let rawB = UnsafeRawPointer(b)
  while i + 8 <= count {
    if rawA.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      != rawB.loadUnaligned(fromByteOffset: i, as: UInt64.self)
    {
      return false
    }
    i += 8
  }
  while i < count {
    if a[i] != b[i] { return false }
    i += 1
  }
  return true
}
