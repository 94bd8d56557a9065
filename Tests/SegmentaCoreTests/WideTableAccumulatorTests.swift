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
    let problem = bytes.withUnsafeBufferPointer { base -> EventRowProblem? in
      guard let start = base.baseAddress else { preconditionFailure("a row has at least its terminating byte") }
      return spans.withUnsafeBufferPointer { encoder.encode(base: start, fields: $0, line: index, into: &batch) }
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
    #expect(try values(table, "calls") == [3, 2, 0])
    #expect(same(try values(table, "minutes"), [210.0 / 60, 600.0 / 60, 0]))
    #expect(same(try values(table, "mean_duration"), [70, 600, .nan]))
    #expect(same(try values(table, "shortest"), [30, 600, .nan]))
    #expect(same(try values(table, "longest"), [120, 600, .nan]))
    #expect(try values(table, "events") == [4, 2, 0])
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
    #expect(try values(table, "own_calls") == [2, 0, 0])
    #expect(try values(table, "not_own") == [1, 2, 0])
    #expect(try values(table, "long_calls") == [2, 1, 0])
    #expect(try values(table, "to_111") == [90, 0, 0])
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
    #expect(try values(table, "weekend") == [30, 600, 0])
    #expect(try values(table, "weekday") == [180, 0, 0])
    #expect(try values(table, "peak") == [90, 600, 0])
    #expect(try values(table, "offpeak") == [120, 0, 0])
    #expect(try values(table, "night_events") == [1, 1, 0])
    #expect(try values(table, "weekend_peak") == [1, 1, 0])
    // Window of 30 days before 2024-03-31 starts 2024-03-01; 27 days starts 2024-03-04.
    #expect(try values(table, "last_30_days") == [4, 1, 0])
    #expect(try values(table, "last_27_days") == [4, 1, 0])
    let (narrow, _) = try buildWideTable(
      spec([aggregate("last_26_days", .count, window: 26)]), customers: customers, header: header, rows: rows)
    #expect(try values(narrow, "last_26_days") == [2, 1, 0])
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
    #expect(try values(table, "partners") == [3, 1, 0])
    #expect(try values(table, "call_partners") == [2, 1, 0])
    #expect(same(try values(table, "recency"), [22, 26, .nan]))  // 03-09 and 03-05 to 03-31
    #expect(same(try values(table, "call_recency"), [22, 26, .nan]))
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
    #expect(same(try values(table, "ratio"), [30.0 / 180, .nan, .nan]))
    #expect(same(try values(table, "ratio_zero"), [30.0 / 180, -1, 0]))
    #expect(same(try values(table, "share"), [30.0 / 210, 1, 0]))
    #expect(same(try values(table, "share_of_ratio"), [1, .nan, .nan]))
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
    #expect(same(try values(table, "age"), [24, 35, .nan]))
    #expect(same(try values(table, "age_band"), [0, 2, .nan]))
    #expect(same(try values(table, "tenure_days"), [366, 1095, .nan]))
    #expect(same(try values(table, "tenure_months"), [12, 35, .nan]))
    #expect(same(try values(table, "tenure_years"), [1, 2, .nan]))
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
    #expect(one.columns.count == 3 && all.columns.count == 3)
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
