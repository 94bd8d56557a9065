/// A KPI shown on every profile card: a mean, median or share over the segment's customers.
public struct KPIDefinition: Sendable, Equatable, Codable {
  /// What a KPI computes over a segment's customers.
  public enum Measure: Sendable, Equatable, Codable {
    /// The mean of a numeric column or feature over customers with a value.
    case mean(String)
    /// The median (numpy's linear interpolation) of a numeric column or feature.
    case median(String)
    /// Share of customers whose text column equals a value.
    case share(column: String, value: String)
  }

  /// The Chinese and English labels reports show.
  public var label: FeatureLabel
  /// What the KPI computes over a segment's customers.
  public var measure: Measure

  /// Creates a KPI definition.
  public init(label: FeatureLabel, measure: Measure) {
    self.label = label
    self.measure = measure
  }

  /// The column the measure reads.
  public var column: String {
    switch measure {
    case .mean(let c), .median(let c), .share(let c, _): return c
    }
  }
}
