/// A fast, fixed (unseeded) 64-bit hash of byte strings.
///
/// It reads eight bytes at a time and mixes with a 64×64→128-bit multiply fold, in the manner of
/// wyhash. Being unseeded, the same bytes hash the same in every process, which keeps distinct
/// counts and table layouts reproducible.
public enum ByteHash {
  @usableFromInline static let k0: UInt64 = 0xA076_1D64_78BD_642F
  @usableFromInline static let k1: UInt64 = 0xE703_7ED1_A0B4_28DB
  @usableFromInline static let k2: UInt64 = 0x8EBC_6AF0_9C88_C6E3

  @inlinable @inline(__always)
  static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let product = a.multipliedFullWidth(by: b)
    return product.high ^ product.low
  }

  /// The hash of `bytes`.
  @inlinable
  public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let n = bytes.count
    var h = k0 ^ UInt64(truncatingIfNeeded: n)
    guard let base = bytes.baseAddress, n > 0 else { return fold(h, k1) }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 8 <= n {
      let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = fold(h ^ word, k1)
      i += 8
    }
    if i < n {
      var word: UInt64 = 0
      var shift: UInt64 = 0
      while i < n {
        word |= UInt64(base[i]) << shift
        shift += 8
        i += 1
      }
      h = fold(h ^ word, k2)
    }
    return fold(h, k1 ^ UInt64(truncatingIfNeeded: n))
  }
}
