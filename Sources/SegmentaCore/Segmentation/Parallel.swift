import Dispatch

/// Work split into fixed-size row chunks and run on all cores.
///
/// Chunk boundaries depend only on the row count, never on the number of cores; callers that
/// reduce per-chunk results in chunk order therefore get identical results on any machine.
enum Parallel {
  /// Rows per chunk.
  static let chunkRows = 4096

  /// Number of chunks for `rows` rows.
  static func chunkCount(_ rows: Int, size: Int = chunkRows) -> Int { (rows + size - 1) / size }

  /// Calls `body(chunk, rows)` for every chunk, concurrently.
  static func forEachChunk(rows: Int, size: Int = chunkRows, _ body: @Sendable (Int, Range<Int>) -> Void) {
    DispatchQueue.concurrentPerform(iterations: chunkCount(rows, size: size)) { chunk in
      let start = chunk * size
      body(chunk, start..<min(rows, start + size))
    }
  }
}

/// A read-only pointer shared with concurrent iterations.
struct SharedPointer<T>: @unchecked Sendable {
  let base: UnsafePointer<T>
  init(_ base: UnsafePointer<T>) { self.base = base }
}

/// A pointer that concurrent iterations write through at disjoint indices.
struct SharedMutablePointer<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T>
  init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

/// A zero-filled heap buffer that concurrent iterations write at disjoint indices.
final class SharedBuffer<T: Numeric>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  let count: Int

  /// Allocates `count` elements, zero-filled unless `zeroed` is false (for buffers every element of
  /// which is written before it is read).
  init(count: Int, zeroed: Bool = true) {
    self.count = count
    pointer = .allocate(capacity: max(1, count))
    if zeroed { pointer.initialize(repeating: 0, count: max(1, count)) }
  }

  deinit { pointer.deallocate() }

  /// The contents.
  var buffer: UnsafeBufferPointer<T> { UnsafeBufferPointer(start: pointer, count: count) }

  /// A copy of the contents.
  var array: [T] { Array(buffer) }
}

extension Array {
  /// Calls `body` with a sendable read-only pointer to the elements.
  func withSharedPointer<R>(_ body: (SharedPointer<Element>) throws -> R) rethrows -> R {
    try withUnsafeBufferPointer { try body(SharedPointer($0.baseAddress!)) }
  }

  /// Calls `body` with a sendable pointer to the elements, for disjoint concurrent writes.
  mutating func withSharedMutablePointer<R>(_ body: (SharedMutablePointer<Element>) throws -> R) rethrows -> R {
    try withUnsafeMutableBufferPointer { try body(SharedMutablePointer($0.baseAddress!)) }
  }
}
