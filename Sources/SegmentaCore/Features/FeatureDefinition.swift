/// One column of the wide table: its name, labels and how its value is computed.
public struct FeatureDefinition: Sendable, Equatable {
  /// The identifier used in commands and rules (a letter, then letters, digits and `_`).
  public var name: String
  /// The Chinese and English labels reports show.
  public var label: FeatureLabel
  /// A free-text description for reports, if any.
  public var description: String?
  /// How the value is computed.
  public var kind: FeatureKind

  /// Creates a feature definition.
  public init(name: String, label: FeatureLabel, description: String? = nil, kind: FeatureKind) {
    self.name = name
    self.label = label
    self.description = description
    self.kind = kind
  }
}
