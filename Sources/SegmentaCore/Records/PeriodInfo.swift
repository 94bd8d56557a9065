/// What a wide-table build recorded about its period.
public struct PeriodInfo: Sendable, Equatable, Codable {
  /// The period's label, such as `2024Q1` (by default the reference date).
  public var label: String
  /// When it was built, ISO 8601 in UTC.
  public var builtAt: String
  /// The reference date windows and recency count back from (`YYYY-MM-DD`; by default the day
  /// after the latest event), if the spec needed one.
  public var referenceDate: String?
  /// Rows of the wide table: the customers in the workspace at build time.
  public var customerCount: Int
  /// Event rows read from all files.
  public var eventsRead: Int
  /// Event rows of customers not in the workspace (ignored).
  public var unknownCustomerRows: Int
  /// Event rows on or after the reference date (ignored).
  public var afterReferenceRows: Int
  /// The event files read, in order.
  public var sources: [String]
  /// Number of features.
  public var featureCount: Int

  /// Creates period metadata.
  public init(
    label: String, builtAt: String, referenceDate: String?, customerCount: Int, eventsRead: Int,
    unknownCustomerRows: Int, afterReferenceRows: Int, sources: [String], featureCount: Int
  ) {
    self.label = label
    self.builtAt = builtAt
    self.referenceDate = referenceDate
    self.customerCount = customerCount
    self.eventsRead = eventsRead
    self.unknownCustomerRows = unknownCustomerRows
    self.afterReferenceRows = afterReferenceRows
    self.sources = sources
    self.featureCount = featureCount
  }
}
