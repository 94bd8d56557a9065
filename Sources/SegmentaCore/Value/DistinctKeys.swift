/// The distinct 64-bit keys of a stream, each numbered in order of first appearance: an
/// open-addressing hash table with multiplicative hashing and linear probing.
///
/// The value models condense customers into distinct rows (frequency, recency, age) and distinct
/// values of each; their keys are the bits of a `Double` or a few small indices packed together, for
/// which a multiplicative hash spreads well and a probe costs a few nanoseconds, where a `Dictionary`
/// spends most of its time hashing with a seeded SipHash.
struct DistinctKeys {
  /// The distinct keys in order of first appearance.
  private(set) var keys: [UInt64] = []
  /// For each slot, the number of its key plus one, or 0 when the slot is empty.
  private var slots: [Int32]
  private var shift: UInt64

  /// An empty table sized for about `capacity` distinct keys.
  init(capacity: Int = 64) {
    var bits = 4
    while (1 << bits) < 2 * max(8, capacity) { bits += 1 }
    slots = [Int32](repeating: 0, count: 1 << bits)
    shift = UInt64(64 - bits)
    keys.reserveCapacity(max(8, capacity))
  }

  /// The number of distinct keys.
  var count: Int { keys.count }

  /// The number of `key`, adding it when it is new.
  @inline(__always)
  mutating func number(of key: UInt64) -> Int32 {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    while true {
      let entry = slots[slot]
      if entry == 0 {
        let number = Int32(keys.count)
        keys.append(key)
        slots[slot] = number + 1
        if keys.count * 2 > slots.count { grow() }
        return number
      }
      if keys[Int(entry - 1)] == key { return entry - 1 }
      slot = (slot + 1) & mask
    }
  }

  private mutating func grow() {
    let bits = 64 - Int(shift) + 1
    shift = UInt64(64 - bits)
    slots = [Int32](repeating: 0, count: 1 << bits)
    let mask = slots.count - 1
    for (number, key) in keys.enumerated() {
      var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(number + 1)
    }
  }

  /// The distinct values of `column` (bit for bit) in order of first appearance, and for every entry
  /// the number of its value.
  static func numbering(_ column: [Double]) -> (values: [Double], numbers: [Int32]) {
    var table = DistinctKeys()
    var numbers = [Int32](repeating: 0, count: column.count)
    column.withUnsafeBufferPointer { column in
      for i in column.indices { numbers[i] = table.number(of: column[i].bitPattern) }
    }
    return (table.keys.map { Double(bitPattern: $0) }, numbers)
  }
}
