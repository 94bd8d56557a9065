/// The most frequent values of one categorical column within a segment.
public struct CategoryTop: Sendable, Equatable, Codable {
  /// The column's name.
  public var column: String
  /// Up to three values, most frequent first (ties by value).
  public var top: [ValueShare]
}
