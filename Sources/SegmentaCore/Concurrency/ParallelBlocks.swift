import Dispatch

/// Runs independent work items on all cores and returns results in item order.
public enum ParallelBlocks {
  /// `transform(i)` for i in 0..<count, computed concurrently, returned in order.
  public static func map<T: Sendable>(count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    let results = ResultSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
      results.set(index, transform(index))
    }
    return results.values()
  }
}
