import Testing

@testable import SegmentaCore

/// A feature labelled with its name in both languages.
func feature(_ name: String, _ kind: FeatureKind) -> FeatureDefinition {
  FeatureDefinition(name: name, label: FeatureLabel(zh: name, en: name), kind: kind)
}

/// An event-aggregate feature named `name`.
func aggregate(
  _ name: String, _ function: AggregateFunction, of field: String? = nil, types: [String]? = nil,
  conditions: [FieldCondition] = [], window: Int? = nil, splits: [TimeSplit] = [], divisor: Double = 1
) -> FeatureDefinition {
  feature(
    name,
    .aggregate(
      EventAggregate(
        function: function, field: field,
        filter: EventFilter(eventTypes: types, conditions: conditions, windowDays: window, splits: splits),
        divisor: divisor)))
}

/// Whether two columns are equal within 1e-12 relative, NaN equal to NaN.
func same(_ a: [Double], _ b: [Double]) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
}

/// The values of the column of feature `name`, recording an issue when the table has none.
func values(_ table: WideTable, _ name: String) throws -> [Double] {
  try #require(table.column(named: name), "no column \(name)").values
}
