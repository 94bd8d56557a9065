/// The two passes of a customer import, for progress reporting.
public enum ImportPhase: String, Sendable {
  /// Reading the file to check every row and infer column types; nothing is written yet.
  case checking
  /// Writing the good rows in one transaction.
  case writing
}
