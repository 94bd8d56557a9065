/// A segmentation run that cannot go ahead: no rows, a k out of range, or a feature that cannot be
/// prepared.
public struct SegmentationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong and what would be right, without customer data.
  public var message: String
  /// The message, as the command line prints it after `Error:`.
  public var description: String { message }
}
