/// A comparison of two numbers, as wide-table filters (`eq`, `ne`, …) and rules (`=`, `!=`, …)
/// write it.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
  /// a = b.
  case equal = "eq"
  /// a ≠ b, where a is not missing.
  case notEqual = "ne"
  /// a < b.
  case less = "lt"
  /// a ≤ b.
  case lessOrEqual = "le"
  /// a > b.
  case greater = "gt"
  /// a ≥ b.
  case greaterOrEqual = "ge"

  /// Whether `a` compares to `b` this way; a missing (NaN) left side never matches.
  @inlinable
  public func holds(_ a: Double, _ b: Double) -> Bool {
    switch self {
    case .equal: return a == b
    case .notEqual: return !a.isNaN && a != b
    case .less: return a < b
    case .lessOrEqual: return a <= b
    case .greater: return a > b
    case .greaterOrEqual: return a >= b
    }
  }
}
