/// A feature that preprocessing cannot prepare, and why.
public struct PreprocessingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The feature's name.
  public var feature: String
  /// What is wrong and what to do about it.
  public var message: String

  /// The message prefixed with the feature: `feature 'x': message`.
  public var description: String { "feature '\(feature)': \(message)" }
}
