extension FeatureDefinition {
  /// A one-line description of how the value is computed.
  ///
  /// For example `sum(duration) / 60 where type in [call], weekend, last 30 days`.
  public var summary: String {
    switch kind {
    case .aggregate(let aggregate):
      var text = aggregate.function == .count ? "count" : "\(aggregate.function.rawValue)(\(aggregate.field ?? ""))"
      if aggregate.function == .recency { text = "days since last event" }
      if aggregate.divisor != 1 { text += " / \(Self.number(aggregate.divisor))" }
      if aggregate.function.talliesCategories {
        let shown =
          aggregate.categories.count > 9 ? Array(aggregate.categories.prefix(9)) + ["…"] : aggregate.categories
        text += " of [\(shown.joined(separator: ", "))]"
      }
      var conditions: [String] = []
      if let types = aggregate.filter.eventTypes { conditions.append("type in [\(types.joined(separator: ", "))]") }
      for condition in aggregate.filter.conditions {
        switch condition {
        case .compare(let field, let op, let value):
          conditions.append("\(field) \(op.symbol) \(Self.number(value))")
        case .oneOf(let field, let values, let negated):
          let shown =
            values.count > 5
            ? values.prefix(5).joined(separator: ", ") + ", … (\(values.count))" : values.joined(separator: ", ")
          conditions.append("\(field) \(negated ? "not in" : "in") [\(shown)]")
        }
      }
      conditions += aggregate.filter.splits.map(\.rawValue)
      if let days = aggregate.filter.windowDays { conditions.append("last \(days) days") }
      return conditions.isEmpty ? text : text + " where " + conditions.joined(separator: ", ")
    case .ratio(let a, let b, let rule):
      return "\(a) / \(b) (\(Self.describe(rule)))"
    case .share(let a, let b, let rule):
      return "share of \(a) in \(b) (\(Self.describe(rule)))"
    case .bands(let feature, let edges, _):
      return "band of \(feature) at [\(edges.map(Self.number).joined(separator: ", "))]"
    case .changed(let feature, let previous, _):
      return "\(feature) changed since \(previous.map { "period \($0)" } ?? "the previous period")"
    case .customer(let derivation):
      switch derivation {
      case .copy(let column): return "customer column \(column)"
      case .tenure(let column, let unit): return "tenure in \(unit.rawValue) since \(column)"
      case .bands(let column, let edges, _):
        return "band of \(column) at [\(edges.map(Self.number).joined(separator: ", "))]"
      }
    }
  }

  /// The categories of a categorical feature, by code: a `mode`'s declared categories (and "other"),
  /// or the band labels of a bands feature (the spec's labels, or `< 25`, `25–<35`, …, `≥ 45` from the
  /// edges); empty for a numeric feature.
  public var categories: [String] {
    switch kind {
    case .aggregate(let aggregate) where aggregate.function == .mode:
      return aggregate.modeCategories
    case .customer(.bands(_, let edges, let labels)), .bands(_, let edges, let labels):
      return Self.bandLabels(edges: edges, labels: labels)
    default:
      return []
    }
  }

  /// `labels` when given, else one label per band made from the edges.
  static func bandLabels(edges: [Double], labels: [String]) -> [String] {
    if !labels.isEmpty || edges.isEmpty { return labels }
    var result = ["< \(Self.number(edges[0]))"]
    for (low, high) in zip(edges, edges.dropFirst()) { result.append("\(Self.number(low))–<\(Self.number(high))") }
    result.append("≥ \(Self.number(edges[edges.count - 1]))")
    return result
  }

  /// What a division rule gives for 0/0 and x/0, for example `0/0 → 0, x/0 → missing`.
  static func describe(_ rule: DivisionRule) -> String {
    func show(_ value: Double?) -> String { value.map(number) ?? "missing" }
    return "0/0 → \(show(rule.zeroOverZero)), x/0 → \(show(rule.nonzeroOverZero))"
  }

  /// `value` without a fractional part when it is a whole number (`60`, `2.5`).
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }
}
