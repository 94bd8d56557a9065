/// The type of a field a rule can read, which decides the operators it takes.
public enum RuleFieldType: String, Sendable, Equatable, Codable {
  /// Numbers (features, integer and decimal columns).
  case number
  /// Text (categorical columns).
  case text
  /// True or false (stored as 1 and 0).
  case boolean
  /// Calendar dates, compared with "YYYY-MM-DD" strings.
  case date
}
