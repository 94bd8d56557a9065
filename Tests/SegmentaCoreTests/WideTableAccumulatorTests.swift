import Testing

@testable import SegmentaCore

/// Runs rows (as arrays of field texts) through the encoder and accumulator, like the event reader.
func buildWideTable(
  _ spec: WideTableSpec, customers: [String], header: [String], rows: [[String]],
  customerColumns: [String: CustomerColumnValues] = [:], batchSize: Int = 3
) throws -> (WideTable, WideTableAccumulator) {
  let plan = try WideTablePlan(spec: spec)
  let accumulator = WideTableAccumulator(plan: plan, customerCount: customers.count)
  let encoding = try EventEncoding(
    plan: plan, header: header, customers: FrozenByteStringTable(ByteStringTable(customers)))
  let encoder = encoding.encoder
  var batch = EventBatch(plan: plan)
  for (index, row) in rows.enumerated() {
    var bytes: [UInt8] = []
    var spans: [FieldSpan] = []
    for field in row {
      spans.append(FieldSpan(start: bytes.count, count: field.utf8.count))
      bytes.append(contentsOf: field.utf8)
    }
    bytes.append(0)
    let problem = bytes.withUnsafeBufferPointer { base in
      spans.withUnsafeBufferPointer { encoder.encode(base: base.baseAddress!, fields: $0, line: index, into: &batch) }
    }
    if let problem { throw WideTableSpecError("row \(index): column \(problem.column): \(problem.message)") }
    if (index + 1) % batchSize == 0 {
      accumulator.add(batch)
      batch.removeAll()
    }
  }
  accumulator.add(batch)
  withExtendedLifetime(encoding) {}
  return (try accumulator.finish(customerColumns: customerColumns), accumulator)
}

private func feature(_ name: String, _ kind: FeatureKind) -> FeatureDefinition {
  FeatureDefinition(name: name, label: FeatureLabel(zh: name, en: name), kind: kind)
}

private func aggregate(
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

/// Compares with NaN equal to NaN.
private func same(_ a: [Double], _ b: [Double]) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
}

@Suite("Wide-table aggregations on hand-computed examples")
struct WideTableAccumulatorTests {
  // Three customers; C is never seen. 2024-03-04 is a Monday, 2024-03-09 a Saturday.
  let customers = ["A", "B", "C"]
  let header = ["customer_id", "timestamp", "event_type", "duration", "party", "network"]
  let rows: [[String]] = [
    ["A", "2024-03-04 09:00:00", "call", "60", "111", "own"],  // Mon peak
    ["A", "2024-03-04 20:00:00", "call", "120", "222", "rival"],  // Mon off-peak
    ["A", "2024-03-09 10:00:00", "call", "30", "111", "own"],  // Sat peak
    ["A", "2024-03-09 23:30:00", "sms", "", "333", "own"],  // Sat night
    ["B", "2024-02-10 12:00:00", "call", "600", "444", "fixed"],  // Sat peak, old
    ["B", "2024-03-05 02:00:00", "call", "", "444", "fixed"],  // Tue night, no duration
    ["X", "2024-03-05 02:00:00", "call", "5", "1", "own"],  // unknown customer
    ["A", "2024-03-31 00:00:00", "call", "999", "9", "own"],  // on the reference date: ignored
  ]

  func spec(_ features: [FeatureDefinition]) -> WideTableSpec {
    WideTableSpec(
      eventColumns: EventColumns(customerID: "customer_id", timestamp: "timestamp", type: "event_type"),
      referenceDay: CivilDate.days(year: 2024, month: 3, day: 31), features: features)
  }

  @Test("count, sum, mean, min, max; customers without events get 0 for counts and sums, missing for the rest")
  func basicAggregates() throws {
    let (table, accumulator) = try buildWideTable(
      spec([
        aggregate("calls", .count, types: ["call"]),
        aggregate("minutes", .sum, of: "duration", types: ["call"], divisor: 60),
        aggregate("mean_duration", .mean, of: "duration", types: ["call"]),
        aggregate("shortest", .min, of: "duration", types: ["call"]),
        aggregate("longest", .max, of: "duration", types: ["call"]),
        aggregate("events", .count),
      ]), customers: customers, header: header, rows: rows)
    #expect(table.column(named: "calls")!.values == [3, 2, 0])
    #expect(same(table.column(named: "minutes")!.values, [210.0 / 60, 600.0 / 60, 0]))
    #expect(same(table.column(named: "mean_duration")!.values, [70, 600, .nan]))
    #expect(same(table.column(named: "shortest")!.values, [30, 600, .nan]))
    #expect(same(table.column(named: "longest")!.values, [120, 600, .nan]))
    #expect(table.column(named: "events")!.values == [4, 2, 0])
    #expect(accumulator.rowsRead == 8)
    #expect(accumulator.unknownCustomerRows == 1)
    #expect(accumulator.afterReferenceRows == 1)
  }

  @Test("filters on text fields (in, not in) and numeric comparisons")
  func conditions() throws {
    let (table, _) = try buildWideTable(
      spec([
        aggregate(
          "own_calls", .count, types: ["call"], conditions: [.oneOf(field: "network", values: ["own"], negated: false)]),
        aggregate("not_own", .count, conditions: [.oneOf(field: "network", values: ["own"], negated: true)]),
        aggregate("long_calls", .count, conditions: [.compare(field: "duration", op: .greaterOrEqual, value: 60)]),
        aggregate(
          "to_111", .sum, of: "duration", conditions: [.oneOf(field: "party", values: ["111", "999"], negated: false)]),
      ]), customers: customers, header: header, rows: rows)
    #expect(table.column(named: "own_calls")!.values == [2, 0, 0])
    #expect(table.column(named: "not_own")!.values == [1, 2, 0])
    #expect(table.column(named: "long_calls")!.values == [2, 1, 0])
    #expect(table.column(named: "to_111")!.values == [90, 0, 0])
  }

  @Test("weekday/weekend, peak/off-peak and night splits; windows count back from the reference date")
  func splitsAndWindows() throws {
    let (table, _) = try buildWideTable(
      spec([
        aggregate("weekend", .sum, of: "duration", splits: [.weekend]),
        aggregate("weekday", .sum, of: "duration", splits: [.weekday]),
        aggregate("peak", .sum, of: "duration", splits: [.peak]),
        aggregate("offpeak", .sum, of: "duration", splits: [.offpeak]),
        aggregate("night_events", .count, splits: [.night]),
        aggregate("weekend_peak", .count, splits: [.weekend, .peak]),
        aggregate("last_30_days", .count, window: 30),
        aggregate("last_27_days", .count, window: 27),
      ]), customers: customers, header: header, rows: rows)
    #expect(table.column(named: "weekend")!.values == [30, 600, 0])
    #expect(table.column(named: "weekday")!.values == [180, 0, 0])
    #expect(table.column(named: "peak")!.values == [90, 600, 0])
    #expect(table.column(named: "offpeak")!.values == [120, 0, 0])
    #expect(table.column(named: "night_events")!.values == [1, 1, 0])
    #expect(table.column(named: "weekend_peak")!.values == [1, 1, 0])
    // Window of 30 days before 2024-03-31 starts 2024-03-01; 27 days starts 2024-03-04.
    #expect(table.column(named: "last_30_days")!.values == [4, 1, 0])
    #expect(table.column(named: "last_27_days")!.values == [4, 1, 0])
    let (narrow, _) = try buildWideTable(
      spec([aggregate("last_26_days", .count, window: 26)]), customers: customers, header: header, rows: rows)
    #expect(narrow.column(named: "last_26_days")!.values == [2, 1, 0])
  }

  @Test("distinct counts and recency in whole days")
  func distinctAndRecency() throws {
    let (table, _) = try buildWideTable(
      spec([
        aggregate("partners", .distinct, of: "party"),
        aggregate("call_partners", .distinct, of: "party", types: ["call"]),
        aggregate("recency", .recency),
        aggregate("call_recency", .recency, types: ["call"]),
      ]), customers: customers, header: header, rows: rows)
    #expect(table.column(named: "partners")!.values == [3, 1, 0])
    #expect(table.column(named: "call_partners")!.values == [2, 1, 0])
    #expect(same(table.column(named: "recency")!.values, [22, 26, .nan]))  // 03-09 and 03-05 to 03-31
    #expect(same(table.column(named: "call_recency")!.values, [22, 26, .nan]))
  }

  @Test("ratios and shares with defined 0/0 and x/0")
  func ratios() throws {
    let (table, _) = try buildWideTable(
      spec([
        aggregate("weekend", .sum, of: "duration", splits: [.weekend]),
        aggregate("weekday", .sum, of: "duration", splits: [.weekday]),
        aggregate("total", .sum, of: "duration"),
        feature("ratio", .ratio(numerator: "weekend", denominator: "weekday", division: .ratioDefault)),
        feature(
          "ratio_zero",
          .ratio(
            numerator: "weekend", denominator: "weekday", division: DivisionRule(zeroOverZero: 0, nonzeroOverZero: -1))),
        feature("share", .share(part: "weekend", whole: "total", division: .shareDefault)),
        feature("share_of_ratio", .share(part: "ratio", whole: "ratio", division: .shareDefault)),
      ]), customers: customers, header: header, rows: rows)
    #expect(same(table.column(named: "ratio")!.values, [30.0 / 180, .nan, .nan]))
    #expect(same(table.column(named: "ratio_zero")!.values, [30.0 / 180, -1, 0]))
    #expect(same(table.column(named: "share")!.values, [30.0 / 210, 1, 0]))
    #expect(same(table.column(named: "share_of_ratio")!.values, [1, .nan, .nan]))
  }

  @Test("customer columns: copy, bands, tenure in days, months and years")
  func customerDerived() throws {
    let start = [
      Double(CivilDate.days(year: 2023, month: 3, day: 31)), Double(CivilDate.days(year: 2021, month: 4, day: 1)), .nan,
    ]
    let (table, _) = try buildWideTable(
      spec([
        feature("age", .customer(.copy(column: "age"))),
        feature("age_band", .customer(.bands(column: "age", edges: [25, 35, 45], labels: []))),
        feature("tenure_days", .customer(.tenure(column: "start", unit: .days))),
        feature("tenure_months", .customer(.tenure(column: "start", unit: .months))),
        feature("tenure_years", .customer(.tenure(column: "start", unit: .years))),
      ]), customers: customers, header: header, rows: [],
      customerColumns: [
        "age": CustomerColumnValues(type: .integer, values: [24, 35, .nan]),
        "start": CustomerColumnValues(type: .date, values: start),
      ])
    #expect(same(table.column(named: "age")!.values, [24, 35, .nan]))
    #expect(same(table.column(named: "age_band")!.values, [0, 2, .nan]))
    #expect(same(table.column(named: "tenure_days")!.values, [366, 1095, .nan]))
    #expect(same(table.column(named: "tenure_months")!.values, [12, 35, .nan]))
    #expect(same(table.column(named: "tenure_years")!.values, [1, 2, .nan]))
    #expect(table.columns[1].definition.categories == ["< 25", "25–<35", "35–<45", "≥ 45"])
  }

  @Test("the result does not depend on how rows are split into batches")
  func batchIndependence() throws {
    let features = [
      aggregate("total", .sum, of: "duration"), aggregate("partners", .distinct, of: "party"),
      aggregate("mean", .mean, of: "duration"),
    ]
    let (one, _) = try buildWideTable(spec(features), customers: customers, header: header, rows: rows, batchSize: 1)
    let (all, _) = try buildWideTable(spec(features), customers: customers, header: header, rows: rows, batchSize: 100)
    for (a, b) in zip(one.columns, all.columns) { #expect(same(a.values, b.values)) }
  }

  @Test("a bad number or timestamp names the column")
  func badValues() throws {
    let spec = spec([aggregate("total", .sum, of: "duration")])
    #expect(throws: WideTableSpecError("row 0: column 3: expected a number, found 'ten'")) {
      _ = try buildWideTable(
        spec, customers: customers, header: header, rows: [["A", "2024-03-04 09:00:00", "call", "ten", "1", "own"]])
    }
    #expect(throws: WideTableSpecError("row 0: column 1: the timestamp is empty")) {
      _ = try buildWideTable(spec, customers: customers, header: header, rows: [["A", "", "call", "1", "1", "own"]])
    }
  }
}

@Suite("Wide-table spec validation")
struct WideTablePlanTests {
  func plan(_ features: [FeatureDefinition], reference: Int? = 19_800) throws(WideTableSpecError) -> WideTablePlan {
    try WideTablePlan(spec: WideTableSpec(referenceDay: reference, features: features))
  }

  @Test("duplicate names, bad names, unknown references and cycles are refused")
  func validation() {
    #expect(throws: WideTableSpecError(feature: "a", "defined twice; feature names must be unique")) {
      try plan([aggregate("a", .count), aggregate("a", .count)])
    }
    #expect(
      throws: WideTableSpecError(
        feature: "1x", "a feature name must start with a letter and hold only letters, digits and '_'")
    ) {
      try plan([aggregate("1x", .count)])
    }
    #expect(throws: WideTableSpecError(feature: "r", "refers to 'nope', which is not a feature of this spec")) {
      try plan([
        aggregate("a", .count), feature("r", .ratio(numerator: "a", denominator: "nope", division: .ratioDefault)),
      ])
    }
    #expect(throws: WideTableSpecError(feature: "x", "is computed from itself: x → y → x")) {
      try plan([
        feature("x", .ratio(numerator: "y", denominator: "y", division: .ratioDefault)),
        feature("y", .share(part: "x", whole: "x", division: .shareDefault)),
      ])
    }
  }

  @Test("windows need a reference date; a field is either numeric or text")
  func semanticChecks() {
    #expect(throws: WideTableSpecError.self) { try plan([aggregate("w", .count, window: 7)], reference: nil) }
    #expect(throws: WideTableSpecError(feature: "b", "uses 'party' as a number but feature 'a' uses it as text")) {
      try plan([aggregate("a", .distinct, of: "party"), aggregate("b", .sum, of: "party")])
    }
    #expect(throws: WideTableSpecError(feature: "a", "sum needs a field: name it with 'of'")) {
      try plan([aggregate("a", .sum)])
    }
  }

  @Test("identical filters are compiled once")
  func sharedFilters() throws {
    let compiled = try plan([
      aggregate("a", .count, types: ["call"]), aggregate("b", .sum, of: "duration", types: ["call"]),
      aggregate("c", .count, types: ["sms"]),
    ])
    #expect(compiled.filters.count == 2)
    #expect(compiled.typeNames == ["call", "sms"])
    #expect(compiled.measureNames == ["duration"])
  }
}
