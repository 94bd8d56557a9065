/// A numeric feature of the rows being profiled, in original units.
public struct ProfileColumn: Sendable {
  /// The feature's name.
  public var name: String
  /// The Chinese and English labels reports show.
  public var label: FeatureLabel
  /// One value per row in original units, NaN where missing.
  public var values: [Double]

  /// Creates a profile column.
  public init(name: String, label: FeatureLabel, values: [Double]) {
    self.name = name
    self.label = label
    self.values = values
  }
}
