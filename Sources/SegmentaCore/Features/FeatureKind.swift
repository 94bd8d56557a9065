/// How a feature's value is computed.
public enum FeatureKind: Sendable, Equatable {
  /// An aggregate over a customer's matching events.
  case aggregate(EventAggregate)
  /// `numerator / denominator` of two other features, 0/0 and x/0 as `division` says.
  case ratio(numerator: String, denominator: String, division: DivisionRule)
  /// `part / whole` of two other features (a share, 0/0 = 0 by default).
  case share(part: String, whole: String, division: DivisionRule)
  /// Copied or derived from a customer column.
  case customer(CustomerDerivation)

  /// The names of other features this one is computed from.
  public var dependencies: [String] {
    switch self {
    case .ratio(let a, let b, _), .share(let a, let b, _): return [a, b]
    case .aggregate, .customer: return []
    }
  }
}
