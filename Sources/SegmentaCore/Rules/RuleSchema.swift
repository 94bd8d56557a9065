/// What a rule can refer to: fields and their types, segmentations with their segments, tags.
public struct RuleSchema: Sendable, Equatable {
  /// A segment of a segmentation: its id and the names it answers to.
  public struct Segment: Sendable, Equatable {
    /// The 1-based segment id.
    public var id: Int
    /// The names the segment answers to in rules (Chinese, English, the analyst's label).
    public var names: [String]

    /// Creates a segment of a segmentation.
    public init(id: Int, names: [String]) {
      self.id = id
      self.names = names
    }
  }

  /// The fields rules may read, by name.
  public var fields: [String: RuleFieldType]
  /// The segmentations rules may read, by name, with their segments.
  public var segmentations: [String: [Segment]]
  /// The segmentations that have a previous assignment (`segment(NAME, previous)`), with its segments.
  public var previousSegmentations: [String: [Segment]]
  /// The names of the tags rules may read.
  public var tags: Set<String>
  /// Columns of personal data, which rules never read (named in the error instead of "unknown").
  public var personalFields: Set<String>

  /// Creates a schema; by default it has nothing to refer to.
  public init(
    fields: [String: RuleFieldType] = [:], segmentations: [String: [Segment]] = [:], tags: Set<String> = [],
    personalFields: Set<String> = [], previousSegmentations: [String: [Segment]] = [:]
  ) {
    self.fields = fields
    self.segmentations = segmentations
    self.previousSegmentations = previousSegmentations
    self.tags = tags
    self.personalFields = personalFields
  }
}
