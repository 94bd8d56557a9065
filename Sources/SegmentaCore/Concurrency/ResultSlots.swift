/// Write-once slots filled from concurrent iterations, each index by exactly one iteration.
///
/// The storage is a raw buffer rather than an array property so that concurrent writes to distinct
/// indices do not count as overlapping accesses to one variable.
final class ResultSlots<T>: @unchecked Sendable {
  private let storage: UnsafeMutablePointer<T?>
  private let count: Int

  init(count: Int) {
    self.count = count
    storage = .allocate(capacity: count)
    storage.initialize(repeating: nil, count: count)
  }

  deinit {
    storage.deinitialize(count: count)
    storage.deallocate()
  }

  func set(_ index: Int, _ value: T) { storage[index] = value }

  /// The values in index order; every slot must have been set.
  func values() -> [T] {
    (0..<count).map { index in
      guard let value = storage[index] else { preconditionFailure("slot \(index) was never set") }
      return value
    }
  }
}
