/// A condition on one field of an event.
public enum FieldCondition: Sendable, Hashable {
  /// A numeric comparison against a constant.
  case compare(field: String, op: ComparisonOperator, value: Double)
  /// The field's text is one of `values` (or, negated, none of them and not missing).
  case oneOf(field: String, values: [String], negated: Bool)

  /// The field the condition reads.
  public var field: String {
    switch self {
    case .compare(let field, _, _), .oneOf(let field, _, _): return field
    }
  }
}
