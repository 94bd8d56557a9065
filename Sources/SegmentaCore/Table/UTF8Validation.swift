/// Checks that bytes are well-formed UTF-8 (Unicode 15, table 3-7: no overlong forms, no
/// surrogates, nothing above U+10FFFF).
public enum UTF8Validation {
  /// Whether `bytes` are all ASCII; eight bytes at a time.
  @inlinable
  public static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    let n = bytes.count
    var i = 0
    var accumulated: UInt64 = 0
    while i + 8 <= n {
      accumulated |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      i += 8
    }
    while i < n {
      accumulated |= UInt64(base[i])
      i += 1
    }
    return accumulated & 0x8080_8080_8080_8080 == 0
  }

  /// The offset of the first byte that breaks UTF-8 in `bytes`, or nil when they are valid.
  public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    if isASCII(bytes) { return nil }
    guard let base = bytes.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    let n = bytes.count
    var i = 0
    while i < n {
      // Runs of ASCII (most of any record) are skipped eight bytes at a time.
      if i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
        i += 8
        continue
      }
      let b0 = bytes[i]
      if b0 < 0x80 {
        i += 1
        continue
      }
      let length: Int
      var lower: UInt8 = 0x80
      var upper: UInt8 = 0xBF
      switch b0 {
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; lower = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: length = 3; upper = 0x9F
      case 0xF0: length = 4; lower = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4: length = 4; upper = 0x8F
      default: return i
      }
      guard i + length <= n else { return i }
      let b1 = bytes[i + 1]
      guard b1 >= lower && b1 <= upper else { return i }
      for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
      i += length
    }
    return nil
  }
}
