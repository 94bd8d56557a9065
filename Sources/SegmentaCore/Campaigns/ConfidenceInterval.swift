/// A two-sided confidence interval [lower, upper].
public struct ConfidenceInterval: Sendable, Equatable {
  /// The lower end.
  public var lower: Double
  /// The upper end.
  public var upper: Double

  /// Creates the interval [lower, upper].
  public init(lower: Double, upper: Double) {
    self.lower = lower
    self.upper = upper
  }
}
