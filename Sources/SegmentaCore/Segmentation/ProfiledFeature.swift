/// A feature as profiled: its overall mean and how strongly it separates the segments.
public struct ProfiledFeature: Sendable, Equatable, Codable {
  /// The feature's name.
  public var name: String
  /// The Chinese and English labels reports show.
  public var label: FeatureLabel
  /// The mean over all customers with a value, in original units; nil when none has one.
  public var overallMean: Double?
  /// The correlation ratio η² = between-segment sum of squares / total sum of squares, in the clustering's scaled space.
  public var etaSquared: Double
  /// Predictor importance: η² divided by the largest η² of all features (1 for the most separating feature).
  public var importance: Double
}
