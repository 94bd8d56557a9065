/// A segmentation as a rule reads it: `segment(NAME)`, the customers' segments in its latest version, or
/// `segment(NAME, previous)`, their segments in the version before (the one the latest refreshes).
public struct SegmentationReference: Sendable, Hashable, CustomStringConvertible {
  /// The segmentation's name.
  public var name: String
  /// Whether the rule reads the previous assignment rather than the latest.
  public var previous: Bool

  /// A reference to segmentation `name`'s latest assignment, or with `previous` to the one before.
  public init(_ name: String, previous: Bool = false) {
    self.name = name
    self.previous = previous
  }

  /// The reference as a rule writes it: `segment(usage)` or `segment(usage, previous)`.
  public var description: String { previous ? "segment(\(name), previous)" : "segment(\(name))" }
}
