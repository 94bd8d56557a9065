/// A text expression of a checked rule.
public enum RuleText: Sendable, Equatable {
  /// A string written in the rule, in double quotes.
  case constant(String)
  /// A text field (a categorical column).
  case field(String)
}
