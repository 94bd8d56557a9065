/// A heap buffer, zero-filled by default, that concurrent iterations write at disjoint indices.
///
/// Per-chunk partial results (sums, counts) live here while ``Parallel/forEachChunk(rows:size:_:)``
/// runs and are then reduced in chunk order; the buffer is freed with its last reference.
final class SharedBuffer<T: Numeric>: @unchecked Sendable {
  /// The first element.
  let pointer: UnsafeMutablePointer<T>
  /// The number of elements.
  let count: Int

  /// Allocates `count` elements, zero-filled unless `zeroed` is false (for buffers every element of
  /// which is written before it is read).
  init(count: Int, zeroed: Bool = true) {
    self.count = count
    pointer = .allocate(capacity: max(1, count))
    if zeroed { pointer.initialize(repeating: 0, count: max(1, count)) }
  }

  deinit { pointer.deallocate() }

  /// The `count` elements, without copying (valid while the buffer is alive).
  var buffer: UnsafeBufferPointer<T> { UnsafeBufferPointer(start: pointer, count: count) }

  /// A copy of the `count` elements.
  var array: [T] { Array(buffer) }
}
