/// A strong or weak feature of a segment: its normalised and original-unit mean there.
public struct Trait: Sendable, Equatable, Codable {
  /// The feature's name.
  public var feature: String
  /// The Chinese and English labels reports show.
  public var label: FeatureLabel
  /// The segment's min-max normalised mean, 0…1 (≥ 0.8 strong, ≤ 0.2 weak).
  public var normalized: Double
  /// The segment's mean in original units.
  public var mean: Double
}
