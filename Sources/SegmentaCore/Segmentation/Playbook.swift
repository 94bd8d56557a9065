/// Rules that map a segment's strong and weak features to marketing actions.
public struct Playbook: Sendable, Equatable, Codable {
  /// One rule: the traits that support it and the actions it suggests.
  public struct Rule: Sendable, Equatable, Codable {
    /// The rule's identifier, shown with its actions.
    public var id: String
    /// Features whose strength supports the rule.
    public var strong: [String]
    /// Features whose weakness supports the rule.
    public var weak: [String]
    /// How many of the listed strong and weak features must match (default 1).
    public var minimumMatches: Int
    /// The actions, in Chinese and English.
    public var actions: [FeatureLabel]

    /// Creates a playbook rule.
    public init(id: String, strong: [String], weak: [String], minimumMatches: Int = 1, actions: [FeatureLabel]) {
      self.id = id
      self.strong = strong
      self.weak = weak
      self.minimumMatches = minimumMatches
      self.actions = actions
    }
  }

  /// The rules, in priority order (the earlier rule wins a tie).
  public var rules: [Rule]

  /// Creates a playbook of `rules`.
  public init(rules: [Rule]) {
    self.rules = rules
  }
}
