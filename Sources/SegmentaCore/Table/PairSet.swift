#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of (owner, value-hash) pairs that answers "was this pair new?", for exact distinct counts.
///
/// Pairs are stored interleaved in one open-addressing table (one cache line per probe) allocated
/// with `calloc`, where an all-zero entry is empty, so fresh memory needs no filling. Memory grows
/// with the number of distinct pairs (16 bytes each at load ≤ 1/2), never with the number of
/// events inserted.
public final class PairSet: @unchecked Sendable {
  private var table: UnsafeMutablePointer<UInt64>
  private var mask: Int
  /// Number of distinct pairs held.
  public private(set) var count = 0

  /// Creates an empty set with room for about `capacity` pairs before it grows.
  public init(capacity: Int = 1024) {
    var size = 1024
    while size < capacity * 2 { size <<= 1 }
    table = Self.allocate(size)
    mask = size - 1
  }

  deinit { free(table) }

  private static func allocate(_ entries: Int) -> UnsafeMutablePointer<UInt64> {
    guard let memory = calloc(entries * 2, MemoryLayout<UInt64>.stride) else {
      fatalError("out of memory allocating \(entries) distinct-count entries")
    }
    return memory.assumingMemoryBound(to: UInt64.self)
  }

  @inline(__always)
  private static func slot(owner: UInt64, value: UInt64, mask: Int) -> Int {
    Int(truncatingIfNeeded: (value ^ (owner &* 0x9E37_79B9_7F4A_7C15)) >> 7) & mask
  }

  /// Inserts the pair; returns true when it was not present before.
  @inline(__always)
  public func insert(owner: UInt64, value: UInt64) -> Bool {
    // Owners are stored plus one so that an all-zero entry means empty.
    let storedOwner = owner &+ 1
    var slot = Self.slot(owner: owner, value: value, mask: mask)
    while true {
      let entry = table + slot &* 2
      let existing = entry[0]
      if existing == 0 {
        entry[0] = storedOwner
        entry[1] = value
        count += 1
        if count * 2 > mask + 1 { grow() }
        return true
      }
      if existing == storedOwner && entry[1] == value { return false }
      slot = (slot + 1) & mask
    }
  }

  private func grow() {
    let oldTable = table
    let oldSize = mask + 1
    let size = oldSize * 2
    table = Self.allocate(size)
    mask = size - 1
    for index in 0..<oldSize {
      let entry = oldTable + index * 2
      let storedOwner = entry[0]
      if storedOwner == 0 { continue }
      var slot = Self.slot(owner: storedOwner &- 1, value: entry[1], mask: mask)
      while table[slot &* 2] != 0 { slot = (slot + 1) & mask }
      table[slot &* 2] = storedOwner
      table[slot &* 2 + 1] = entry[1]
    }
    free(oldTable)
  }
}
