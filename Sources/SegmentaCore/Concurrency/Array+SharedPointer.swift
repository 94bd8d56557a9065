extension Array {
  /// Calls `body` with a sendable read-only pointer to the elements.
  func withSharedPointer<R>(_ body: (SharedPointer<Element>) throws -> R) rethrows -> R {
    try withUnsafeBufferPointer { elements in
      guard let base = elements.baseAddress else { preconditionFailure("an array always has element storage") }
      return try body(SharedPointer(base))
    }
  }

  /// Calls `body` with a sendable pointer to the elements, for disjoint concurrent writes.
  mutating func withSharedMutablePointer<R>(_ body: (SharedMutablePointer<Element>) throws -> R) rethrows -> R {
    try withUnsafeMutableBufferPointer { elements in
      guard let base = elements.baseAddress else { preconditionFailure("an array always has element storage") }
      return try body(SharedMutablePointer(base))
    }
  }
}
