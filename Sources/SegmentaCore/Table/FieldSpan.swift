/// Where one field of a parsed record lies in its buffer: `count` bytes starting at `start`.
///
/// Quoted fields are already unescaped in place, so the bytes are the field's value.
public struct FieldSpan: Sendable, Equatable {
  /// Offset of the first byte.
  public var start: Int
  /// Number of bytes.
  public var count: Int

  /// Creates a span.
  @inlinable
  public init(start: Int, count: Int) {
    self.start = start
    self.count = count
  }

  /// The bytes of this field within `base`.
  @inlinable
  public func bytes(in base: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + start, count: count)
  }
}
