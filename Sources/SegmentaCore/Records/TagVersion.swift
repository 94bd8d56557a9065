/// One apply of a tag: who carried it at a time.
public struct TagVersion: Sendable, Equatable {
  /// 1 for the first apply.
  public var version: Int
  /// When, ISO 8601 in UTC.
  public var appliedAt: String
  /// The rule it was computed with.
  public var rule: String
  /// Customers in the workspace at the time.
  public var customers: Int
  /// Members, and the change since the previous version.
  public var change: TagChange

  /// Creates a version.
  public init(version: Int, appliedAt: String, rule: String, customers: Int, change: TagChange) {
    self.version = version
    self.appliedAt = appliedAt
    self.rule = rule
    self.customers = customers
    self.change = change
  }
}
