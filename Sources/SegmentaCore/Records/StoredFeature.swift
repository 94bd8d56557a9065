/// One stored feature column of a wide table.
public struct StoredFeature: Sendable {
  /// The feature's name, as rules and `--features` name it.
  public var name: String
  /// Display labels in Chinese and English.
  public var label: FeatureLabel
  /// The spec's free description, if any.
  public var description: String?
  /// How it was computed, as a one-line summary of its definition.
  public var definition: String
  /// Band labels of a band feature (whose values are band indices); empty for numeric features.
  public var categories: [String]
  /// One value per customer row, NaN where missing.
  public var values: [Double]

  /// Creates a feature column.
  public init(
    name: String, label: FeatureLabel, description: String?, definition: String, categories: [String],
    values: [Double]
  ) {
    self.name = name
    self.label = label
    self.description = description
    self.definition = definition
    self.categories = categories
    self.values = values
  }
}
