/// One feature of a wide table.
public struct WideTableColumn: Sendable {
  /// The definition of the feature the column holds.
  public var definition: FeatureDefinition
  /// One value per customer, NaN where missing.
  public var values: [Double]

  /// Creates a column of a wide table.
  public init(definition: FeatureDefinition, values: [Double]) {
    self.definition = definition
    self.values = values
  }
}
