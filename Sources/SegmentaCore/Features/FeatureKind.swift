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
  /// The band index of another (numeric) feature: 0 below `edges[0]`, i for `edges[i-1] <= x < edges[i]`.
  case bands(feature: String, edges: [Double], labels: [String])
  /// 1 when a categorical feature's category differs from the customer's category in a previous
  /// period, 0 when it is the same; `previous` names that period (nil: the latest stored before this one).
  /// With `missingWithoutPrevious`, a build with no earlier period stores the feature as missing instead
  /// of failing (for the first period of a spec used every period).
  case changed(feature: String, previous: String?, missingWithoutPrevious: Bool)

  /// The names of other features this one is computed from.
  public var dependencies: [String] {
    switch self {
    case .ratio(let a, let b, _), .share(let a, let b, _): return [a, b]
    case .bands(let feature, _, _), .changed(let feature, _, _): return [feature]
    case .aggregate, .customer: return []
    }
  }
}
