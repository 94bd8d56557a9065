import Testing

@testable import SegmentaCore

/// A `mode` or `mode_share` feature over views' categories.
func modeFeature(
  _ name: String, _ function: AggregateFunction, categories: [String], types: [String]? = ["view"]
) -> FeatureDefinition {
  feature(
    name,
    .aggregate(
      EventAggregate(
        function: function, field: "category", filter: EventFilter(eventTypes: types), categories: categories)))
}

@Suite("Wide-table mode, mode share, bands of a feature and focus shift on hand-computed examples")
struct WideTableModeTests {
  // A: beauty ×2 then books ×2 (tie; books seen later). B: toys and apparel on the same day (tie;
  // apparel declared first). C: an undeclared value three times (other). D: a purchase and a view
  // without category. E: nothing.
  static let customers = ["A", "B", "C", "D", "E"]
  static let header = ["customer_id", "timestamp", "event_type", "category", "price"]
  static let rows: [[String]] = [
    ["A", "2024-03-01 10:00:00", "view", "beauty", "50"],
    ["A", "2024-03-02 10:00:00", "view", "beauty", "150"],
    ["A", "2024-03-03 10:00:00", "view", "books", "600"],
    ["A", "2024-03-04 10:00:00", "view", "books", "80"],
    ["B", "2024-03-05 18:00:00", "view", "toys", "700"],
    ["B", "2024-03-05 09:00:00", "view", "apparel", "900"],
    ["C", "2024-03-01 10:00:00", "view", "gadgets", "20"],
    ["C", "2024-03-02 10:00:00", "view", "gadgets", "30"],
    ["C", "2024-03-03 10:00:00", "view", "gadgets", "40"],
    ["C", "2024-03-06 10:00:00", "view", "beauty", "10"],
    ["D", "2024-03-01 10:00:00", "purchase", "beauty", "100"],
    ["D", "2024-03-02 10:00:00", "view", "", ""],
  ]
  static let categories = ["apparel", "beauty", "books", "toys"]

  static func spec(_ features: [FeatureDefinition]) -> WideTableSpec {
    WideTableSpec(
      eventColumns: EventColumns(customerID: "customer_id", timestamp: "timestamp", type: "event_type"),
      referenceDay: CivilDate.days(year: 2024, month: 4, day: 1), features: features)
  }

  static let browsing: [FeatureDefinition] = [
    modeFeature("top", .mode, categories: categories),
    modeFeature("top_share", .modeShare, categories: categories),
    aggregate("mean_price", .mean, of: "price", types: ["view"]),
    feature("price_band", .bands(feature: "mean_price", edges: [100, 500], labels: ["low", "mid", "high"])),
  ]

  @Test(
    "mode takes the most viewed category, ties to the latest day then the first declared; share of its views",
    arguments: [1, 2, 3, 100])
  func modeAndShare(batchSize: Int) throws {
    let (table, _) = try buildWideTable(
      Self.spec(Self.browsing), customers: Self.customers, header: Self.header, rows: Self.rows, batchSize: batchSize)
    #expect(same(try values(table, "top"), [2, 0, 4, .nan, .nan]))
    #expect(same(try values(table, "top_share"), [0.5, 0.5, 0.75, .nan, .nan]))
    #expect(same(try values(table, "mean_price"), [220, 800, 25, .nan, .nan]))
    #expect(same(try values(table, "price_band"), [1, 2, 0, .nan, .nan]))
    #expect(table.column(named: "top")?.definition.categories == ["apparel", "beauty", "books", "toys", "other"])
    #expect(table.column(named: "price_band")?.definition.categories == ["low", "mid", "high"])
    #expect(table.column(named: "top_share")?.definition.categories == [])
  }

  @Test("the mode does not depend on the order of the rows")
  func orderIndependent() throws {
    let (forward, _) = try buildWideTable(
      Self.spec(Self.browsing), customers: Self.customers, header: Self.header, rows: Self.rows)
    let (backward, _) = try buildWideTable(
      Self.spec(Self.browsing), customers: Self.customers, header: Self.header, rows: Self.rows.reversed())
    #expect(same(try values(forward, "top"), try values(backward, "top")))
    #expect(same(try values(forward, "top_share"), try values(backward, "top_share")))
  }

  @Test("a declared 'other' takes the undeclared values and no second 'other' is added")
  func declaredOther() throws {
    let (table, _) = try buildWideTable(
      Self.spec([modeFeature("top", .mode, categories: ["beauty", "other"])]), customers: Self.customers,
      header: Self.header, rows: Self.rows)
    #expect(same(try values(table, "top"), [1, 1, 1, .nan, .nan]))
    #expect(table.column(named: "top")?.definition.categories == ["beauty", "other"])
  }

  @Test("focus shift: 1 when the category differs by label from the previous period's, 0 when the same")
  func changes() throws {
    let before = CategoricalValues(categories: ["a", "b", "c"], values: [0, 1, 2, .nan, 0, 2])
    let after = CategoricalValues(categories: ["c", "a", "b", "z"], values: [1, 0, 0, 0, .nan, 3])
    #expect(same(WideTableAccumulator.changes(from: before, to: after), [0, 1, 0, .nan, .nan, 1]))
  }

  @Test("a changed feature reads the previous period's values it is given, and needs them")
  func changedFeature() throws {
    let features = [
      modeFeature("top", .mode, categories: Self.categories),
      feature("shift", .changed(feature: "top", previous: nil, missingWithoutPrevious: false)),
    ]
    let plan = try WideTablePlan(spec: Self.spec(features))
    let accumulator = WideTableAccumulator(plan: plan, customerCount: 5)
    // No events: every top category is missing, so every shift is.
    let previous = CategoricalValues(categories: Self.categories + ["other"], values: [2, 1, 4, 0, .nan])
    let table = try accumulator.finish(customerColumns: [:], previous: ["shift": previous])
    #expect(try values(table, "shift").allSatisfy(\.isNaN))
    #expect(throws: WideTableSpecError.self) { try accumulator.finish(customerColumns: [:]) }
    let (built, _) = try buildWideTable(
      Self.spec([modeFeature("top", .mode, categories: Self.categories)]), customers: Self.customers,
      header: Self.header, rows: Self.rows)
    let now = CategoricalValues(
      categories: Self.categories + ["other"], values: try values(built, "top"))
    #expect(same(WideTableAccumulator.changes(from: previous, to: now), [0, 1, 0, .nan, .nan]))
  }

  @Test(
    "the plan refuses a mode without categories, categories elsewhere, bands of a category and changes of a number")
  func planErrors() {
    let cases: [([FeatureDefinition], String)] = [
      ([modeFeature("top", .mode, categories: [])], "list them with 'categories'"),
      (
        [
          feature(
            "spend",
            .aggregate(
              EventAggregate(function: .sum, field: "price", categories: ["a"])))
        ], "categories apply to mode and mode_share only"
      ),
      ([modeFeature("top", .mode, categories: ["a", "a"])], "listed twice"),
      (
        [
          modeFeature("top", .mode, categories: ["a"]),
          feature("band", .bands(feature: "top", edges: [1], labels: [])),
        ], "is categorical"
      ),
      (
        [
          aggregate("views", .count),
          feature("shift", .changed(feature: "views", previous: nil, missingWithoutPrevious: false)),
        ], "is a number"
      ),
      ([feature("shift", .changed(feature: "nothing", previous: nil, missingWithoutPrevious: false))], "not a feature"),
      (
        [
          modeFeature("top", .mode, categories: ["a"]),
          feature("high", .aggregate(EventAggregate(function: .sum, field: "category"))),
        ], "uses 'category' as a number but feature 'top' uses it as text"
      ),
    ]
    for (features, message) in cases {
      let error = #expect(throws: WideTableSpecError.self) { try WideTablePlan(spec: Self.spec(features)) }
      #expect(error?.message.contains(message) == true, "\(message): \(String(describing: error))")
    }
  }

  @Test("mode features sharing field, filter and categories share one tally")
  func sharedTally() throws {
    let plan = try WideTablePlan(spec: Self.spec(Self.browsing))
    #expect(plan.tallies.count == 1)
    #expect(plan.tallies[0].width == 5)
  }
}
