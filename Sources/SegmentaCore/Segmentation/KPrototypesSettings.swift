/// What a k-prototypes segmentation is asked besides the k options: its categorical columns and γ.
public struct KPrototypesSettings: Sendable, Equatable, Codable {
  /// The categorical columns, in the order given.
  public var categorical: [String]
  /// The weight of a categorical mismatch, or nil for kmodes' default (0.5 × the mean standard
  /// deviation of the prepared numeric features).
  public var gamma: Double?

  /// Creates settings.
  public init(categorical: [String], gamma: Double? = nil) {
    self.categorical = categorical
    self.gamma = gamma
  }
}
