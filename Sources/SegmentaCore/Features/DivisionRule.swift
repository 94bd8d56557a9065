/// What a division of features gives when the denominator is 0 (nil means missing).
public struct DivisionRule: Sendable, Equatable {
  /// The value of 0 / 0, or nil for missing.
  public var zeroOverZero: Double?
  /// The value of x / 0 for x ≠ 0, or nil for missing.
  public var nonzeroOverZero: Double?

  /// Creates a division rule.
  public init(zeroOverZero: Double?, nonzeroOverZero: Double?) {
    self.zeroOverZero = zeroOverZero
    self.nonzeroOverZero = nonzeroOverZero
  }

  /// The rule for ratios: 0/0 and x/0 are missing.
  public static let ratioDefault = DivisionRule(zeroOverZero: nil, nonzeroOverZero: nil)
  /// The rule for shares: 0/0 is 0 (no activity at all means none of it is the part), x/0 is missing.
  public static let shareDefault = DivisionRule(zeroOverZero: 0, nonzeroOverZero: nil)

  /// `a / b` under this rule; missing (NaN) inputs give missing.
  @inlinable
  public func divide(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN { return .nan }
    if b == 0 { return (a == 0 ? zeroOverZero : nonzeroOverZero) ?? .nan }
    return a / b
  }
}
