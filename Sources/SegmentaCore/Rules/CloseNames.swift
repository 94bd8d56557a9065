/// Names close to a mistyped one, for error messages that list what was probably meant.
public enum CloseNames {
  /// Up to `limit` of `names` closest to `name`, the closest first: those containing it or contained in
  /// it, then those within a case-insensitive edit distance of a third of its length (at least 2).
  public static func closest(to name: String, among names: [String], limit: Int = 5) -> [String] {
    let lower = name.lowercased()
    let bound = max(2, name.count / 3)
    let scored = names.map { candidate -> (String, Int) in
      let other = candidate.lowercased()
      let contains = !lower.isEmpty && (other.contains(lower) || lower.contains(other))
      return (candidate, contains ? 0 : RuleChecker.editDistance(lower, other))
    }
    return scored.filter { $0.1 <= bound }.sorted { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.prefix(limit)
      .map(\.0)
  }
}
