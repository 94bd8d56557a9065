/// An immutable copy of a ``ByteStringTable`` laid out for lookups in hot loops.
///
/// Each open-addressing slot is 32 bytes: the full 64-bit hash, the index, the key length and the
/// first 16 key bytes, so a key of up to 16 bytes (customer ids, codes, event types) is found with
/// one cache line. Longer keys are confirmed against the key arena. Lookups go through ``View``, a
/// plain struct of pointers: copying it or calling it costs no reference counting, and any number
/// of threads may use it at once. The owning table must outlive every view taken from it.
public final class FrozenByteStringTable: @unchecked Sendable {
  private let slots: UnsafeMutableRawPointer
  private let arena: UnsafeMutableBufferPointer<UInt8>
  private let offsets: UnsafeMutableBufferPointer<Int>
  /// The lookup view.
  public let view: View

  static let slotSize = 32

  /// Copies `table`.
  public init(_ table: ByteStringTable) {
    let parts = table.storage
    var size = 16
    while size < parts.hashes.count * 2 { size <<= 1 }
    let mask = size - 1
    slots = UnsafeMutableRawPointer.allocate(byteCount: size * Self.slotSize, alignment: 64)
    slots.initializeMemory(as: UInt8.self, repeating: 0, count: size * Self.slotSize)
    arena = .allocate(capacity: max(1, parts.arena.count))
    _ = arena.initialize(from: parts.arena)
    offsets = .allocate(capacity: parts.offsets.count)
    _ = offsets.initialize(from: parts.offsets)
    for (index, hash) in parts.hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots.load(fromByteOffset: slot * Self.slotSize + 8, as: UInt32.self) != 0 { slot = (slot + 1) & mask }
      let entry = slots + slot * Self.slotSize
      let start = parts.offsets[index]
      let length = parts.offsets[index + 1] - start
      entry.storeBytes(of: hash, as: UInt64.self)
      entry.storeBytes(of: UInt32(index + 1), toByteOffset: 8, as: UInt32.self)
      entry.storeBytes(of: UInt32(length), toByteOffset: 12, as: UInt32.self)
      for k in 0..<min(16, length) {
        entry.storeBytes(of: parts.arena[start + k], toByteOffset: 16 + k, as: UInt8.self)
      }
    }
    guard let arenaBase = arena.baseAddress, let offsetsBase = offsets.baseAddress else {
      preconditionFailure("the arena and the offsets are allocated with at least one element")
    }
    view = View(
      slots: UnsafeRawPointer(slots), arena: UnsafePointer(arenaBase), offsets: UnsafePointer(offsetsBase), mask: mask)
  }

  deinit {
    slots.deallocate()
    arena.deallocate()
    offsets.deallocate()
  }

  /// Pointer-based lookups into a frozen table.
  public struct View: @unchecked Sendable {
    let slots: UnsafeRawPointer
    let arena: UnsafePointer<UInt8>
    let offsets: UnsafePointer<Int>
    let mask: Int

    /// The index of `bytes`, or -1 when absent.
    @inline(__always)
    public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
      index(of: bytes, hash: ByteHash.hash(bytes))
    }

    /// The index of `bytes` whose ``ByteHash`` is `hash`, or -1 when absent.
    @inline(__always)
    public func index(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
      let count = bytes.count
      var prefix0: UInt64 = 0
      var prefix1: UInt64 = 0
      if let base = bytes.baseAddress {
        let raw = UnsafeRawPointer(base)
        if count >= 16 {
          prefix0 = raw.loadUnaligned(as: UInt64.self)
          prefix1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        } else if count >= 8 {
          prefix0 = raw.loadUnaligned(as: UInt64.self)
          for k in 8..<count { prefix1 |= UInt64(base[k]) << UInt64((k - 8) * 8) }
        } else {
          for k in 0..<count { prefix0 |= UInt64(base[k]) << UInt64(k * 8) }
        }
      }
      var slot = Int(truncatingIfNeeded: hash) & mask
      while true {
        let entry = slots + slot &* FrozenByteStringTable.slotSize
        let stored = entry.load(fromByteOffset: 8, as: UInt32.self)
        if stored == 0 { return -1 }
        if entry.load(as: UInt64.self) == hash && Int(entry.load(fromByteOffset: 12, as: UInt32.self)) == count
          && entry.load(fromByteOffset: 16, as: UInt64.self) == prefix0
          && entry.load(fromByteOffset: 24, as: UInt64.self) == prefix1
        {
          let index = Int(stored) - 1
          if count <= 16 { return index }
          let start = offsets[index]
          // `count` > 16 here, so the key has a base address.
          if memoryEqual(arena + start + 16, bytes.baseAddress.unsafelyUnwrapped + 16, count - 16) { return index }
        }
        slot = (slot + 1) & mask
      }
    }
  }
}

extension ByteStringTable {
  /// The raw parts, for freezing.
  var storage: (arena: [UInt8], offsets: [Int], hashes: [UInt64]) {
    (arenaBytes, offsetList, hashList)
  }
}
