extension ComparisonOperator {
  /// The operator as rules write it: `=`, `!=`, `<`, `<=`, `>` or `>=`.
  public var symbol: String {
    switch self {
    case .equal: return "="
    case .notEqual: return "!="
    case .less: return "<"
    case .lessOrEqual: return "<="
    case .greater: return ">"
    case .greaterOrEqual: return ">="
    }
  }

  /// The operator written `symbol` in a rule, or nil when `symbol` is not a comparison.
  init?(symbol: String) {
    guard let match = Self.allCases.first(where: { $0.symbol == symbol }) else { return nil }
    self = match
  }
}
