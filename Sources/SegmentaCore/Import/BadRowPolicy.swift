/// What an import or a file read does with a bad row (`--on-error`).
public enum BadRowPolicy: String, Sendable, Equatable, Codable, CaseIterable {
  /// The first bad row stops the work and nothing is stored; the error locates the row.
  case fail
  /// Bad rows are left out, counted by reason (and written to a rejects file where there is
  /// one); the good rows are stored.
  case skip
}
