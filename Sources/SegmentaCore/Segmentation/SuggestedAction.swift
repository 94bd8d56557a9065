/// A marketing action suggested for a segment by a playbook rule.
public struct SuggestedAction: Sendable, Equatable, Codable {
  /// The id of the playbook rule that matched.
  public var rule: String
  /// The action, in Chinese and English.
  public var text: FeatureLabel
}
