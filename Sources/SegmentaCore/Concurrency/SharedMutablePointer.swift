/// A pointer that concurrent iterations write through at disjoint indices.
///
/// Each iteration must own the indices it writes; the type only asserts to the compiler what the
/// caller guarantees.
struct SharedMutablePointer<T>: @unchecked Sendable {
  /// The first element.
  let base: UnsafeMutablePointer<T>

  /// Wraps `base`.
  init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}
