import Dispatch

/// Work split into fixed-size row chunks and run on all cores.
///
/// Chunk boundaries depend only on the row count, never on the number of cores; callers that
/// reduce per-chunk results in chunk order therefore get identical results on any machine.
enum Parallel {
  /// Rows per chunk (4,096): large enough to amortise dispatch, small enough to balance 2–64 cores.
  static let chunkRows = 4096

  /// The number of chunks of `size` rows that cover `rows` rows: ⌈rows / size⌉.
  static func chunkCount(_ rows: Int, size: Int = chunkRows) -> Int { (rows + size - 1) / size }

  /// Calls `body(chunk, rows)` for every chunk, concurrently; chunk `c` covers rows
  /// `c·size ..< min(rows, (c + 1)·size)`.
  static func forEachChunk(rows: Int, size: Int = chunkRows, _ body: @Sendable (Int, Range<Int>) -> Void) {
    DispatchQueue.concurrentPerform(iterations: chunkCount(rows, size: size)) { chunk in
      let start = chunk * size
      body(chunk, start..<min(rows, start + size))
    }
  }
}
