import RealModule

/// What preprocessing does to one feature, fitted on the data and stored with the model so that
/// new customers can be assigned the same way.
public struct FeatureTransform: Sendable, Equatable, Codable {
  /// The feature's name.
  public var name: String
  /// The value that replaces a missing entry, in original units.
  public var fill: Double
  /// The number of missing entries filled when fitting.
  public var missing: Int
  /// The lower winsorising bound (the p quantile), if any.
  public var lower: Double?
  /// The upper winsorising bound (the 1 − p quantile), if any.
  public var upper: Double?
  /// Skewness after filling and winsorising (adjusted G₁), if defined.
  public var skewness: Double?
  /// Whether `log1p` is applied.
  public var log1p: Bool
  /// Why (or why not), such as `skewness 3.21 > 1`, `forced` or `negative values`.
  public var logReason: String
  /// Subtracted before scaling: the mean (z-scores), the minimum (min-max) or 0.
  public var center: Double
  /// Divided by after centring: the population standard deviation (z-scores) or the range
  /// (min-max); 1 for a constant feature or no scaling.
  public var scale: Double
  /// The feature's weight, multiplied at the end (default 1).
  public var weight: Double

  /// The prepared value of a raw value (NaN is missing): fill, clip to the bounds, `log1p`, then
  /// (value − center) / scale × weight.
  @inlinable
  public func apply(_ raw: Double) -> Double {
    var value = raw.isNaN ? fill : raw
    if let lower, value < lower { value = lower }
    if let upper, value > upper { value = upper }
    if log1p { value = Double.log(onePlus: Swift.max(0, value)) }
    return (value - center) / scale * weight
  }

  /// The raw value a prepared value stands for, undoing the weight, the scaling and `log1p`
  /// (values clipped by winsorising stay at the bounds): for showing a map's units in original
  /// units.
  public func original(_ prepared: Double) -> Double {
    let value = prepared / weight * scale + center
    return log1p ? Double.expMinusOne(value) : value
  }
}
