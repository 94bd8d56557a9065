/// A categorical value, how many customers of a segment have it, and their share.
public struct ValueShare: Sendable, Equatable, Codable {
  /// The categorical value.
  public var value: String
  /// The number of customers of the segment with the value.
  public var count: Int
  /// The share of the segment's customers with the value, 0…1.
  public var share: Double
}
