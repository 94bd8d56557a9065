/// A read-only pointer shared with concurrent iterations.
///
/// The pointee must outlive every iteration and must not be written while they run; the type only
/// asserts to the compiler what the caller guarantees.
struct SharedPointer<T>: @unchecked Sendable {
  /// The first element.
  let base: UnsafePointer<T>

  /// Wraps `base`.
  init(_ base: UnsafePointer<T>) { self.base = base }
}
