/// The two phases of a customer import, for progress reporting.
public enum ImportPhase: String, Sendable {
  /// Reading the file to check every row and infer column types; nothing is written yet (progress
  /// counts the file's bytes).
  case checking
  /// Writing the good rows in one transaction (progress counts the columns written).
  case writing
}
