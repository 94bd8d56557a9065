/// A tag as stored: its definition and its latest apply.
public struct StoredTag: Sendable, Equatable {
  /// The definition.
  public var definition: TagDefinition
  /// Order of definition; a tag's rule may only name tags defined before it.
  public var position: Int
  /// Bumped whenever the definition changes.
  public var revision: Int
  /// When it was (re)defined, ISO 8601 in UTC.
  public var definedAt: String
  /// The latest apply, if the tag was applied.
  public var latest: TagVersion?

  /// Creates a stored tag.
  public init(definition: TagDefinition, position: Int, revision: Int, definedAt: String, latest: TagVersion?) {
    self.definition = definition
    self.position = position
    self.revision = revision
    self.definedAt = definedAt
    self.latest = latest
  }
}
