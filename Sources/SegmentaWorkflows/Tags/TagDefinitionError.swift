import SegmentaCore

/// Why tags cannot be defined or applied.
enum TagDefinitionError: Error, SegmentaErrorConvertible, CustomStringConvertible {
  /// A tag's rule does not check.
  case rule(tag: String, error: RuleError)
  /// Tags that read each other in a circle.
  case cycle([String])
  /// Nothing to apply.
  case noTags

  var description: String {
    switch self {
    case .rule(let tag, let error): "the rule of tag '\(tag)' \(error.description)"
    case .cycle(let path): "tags read each other in a circle: \(path.joined(separator: " → "))"
    case .noTags: "the workspace has no tags; define them with `segmenta tags define --spec tags.yaml`"
    }
  }

  var segmentaError: SegmentaError {
    switch self {
    case .rule(let tag, let error): SegmentaError(.invalidRule, description, field: tag, position: error.position)
    case .cycle: SegmentaError(.invalidSpec, description)
    case .noTags: SegmentaError(.missingPrerequisite, description)
    }
  }
}
