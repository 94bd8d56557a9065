/// One stored version of a segmentation, as `segmenta segments list` shows it.
public struct SegmentationSummary: Sendable, Equatable, Codable {
  /// The segmentation's name.
  public var name: String
  /// The version, from 1.
  public var version: Int
  /// When it was made, ISO 8601 in UTC.
  public var createdAt: String
  /// The wide-table period of its features, if any.
  public var period: String?
  /// Customers segmented.
  public var customers: Int
  /// Clusters found.
  public var k: Int
  /// Segments after merging (equal to k without merging).
  public var segments: Int
  /// Mean silhouette of the chosen k.
  public var silhouette: Double
  /// Whether this is the name's latest version, which commands read unless given `--version`.
  public var latest: Bool
  /// The version this one refreshes (its model applied to a new period), if it is a refresh.
  public var refreshes: Int?

  /// Creates a summary.
  public init(
    name: String, version: Int, createdAt: String, period: String?, customers: Int, k: Int, segments: Int,
    silhouette: Double, latest: Bool, refreshes: Int? = nil
  ) {
    self.name = name
    self.version = version
    self.createdAt = createdAt
    self.period = period
    self.customers = customers
    self.k = k
    self.segments = segments
    self.silhouette = silhouette
    self.latest = latest
    self.refreshes = refreshes
  }
}
