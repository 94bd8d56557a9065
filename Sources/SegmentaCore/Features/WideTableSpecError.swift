/// A wide-table spec that cannot be computed, with the feature and the reason.
public struct WideTableSpecError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The feature concerned, when there is one.
  public var feature: String?
  /// What is wrong and what would be right.
  public var message: String

  /// Creates an error about `feature` (or the whole spec when nil).
  public init(feature: String? = nil, _ message: String) {
    self.feature = feature
    self.message = message
  }

  /// The message, prefixed by the feature.
  public var description: String {
    feature.map { "feature '\($0)': \(message)" } ?? message
  }
}
