import SegmentaCore
import Testing

@testable import SegmentaIO

@Suite("Value table as SQL")
struct ValueSQLTests {
  static let table = ValueSQL.Table(
    label: "2024-06-30", builtAt: "2024-07-01T08:00:00Z", end: 19_904, timeUnit: .days, source: "topups.csv",
    customers: 1500)
  static let models = ValueSQL.Models(
    purchases: BetaGeoModel(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426),
    spend: GammaGammaModel(p: 6.25, q: 3.74, v: 15.44), horizonMonths: 12, discount: 0.01, column: "clv_12m")

  @Test("the same inputs give the same text, naming the source, the parameters and each step")
  func deterministic() {
    var models = Self.models
    models.purchases.a = 1.8
    let compiler = ValueSQL(table: Self.table, bins: 5, models: models)
    for dialect in SQLDialect.allCases {
      let first = compiler.query(transactions: "sales.transactions", dialect: dialect)
      #expect(first == compiler.query(transactions: "sales.transactions", dialect: dialect))
      #expect(first.hasPrefix("-- Value table '2024-06-30' compiled by Segmenta for \(dialect.title)."))
      #expect(first.contains("alpha = 4.414,") && first.contains("p = 6.25,"))
      #expect(first.contains(dialect.table("sales.transactions")))
      #expect(first.contains("WHERE purchase_day <= 19904"))
    }
    #expect(compiler.omitted.isEmpty)
    #expect(compiler.modelColumns == ["p_alive", "expected_spend", "expected_purchases", "clv_12m"])
    let terms = compiler.seriesTerms ?? 0
    #expect(terms > 10 && terms < ValueSQL.maximumTerms)
    let duckdb = compiler.query(transactions: "t", dialect: .duckdb)
    #expect(duckdb.contains("GENERATE_SERIES(1, \(terms))") && duckdb.contains("WHEN 12 THEN "))
    #expect(compiler.query(transactions: "t", dialect: .spark).contains("EXPLODE(SEQUENCE(1, \(terms)))"))
  }

  @Test("weeks start on Monday; the end's week counts whole")
  func weeks() {
    var table = Self.table
    table.timeUnit = .weeks
    let sql = ValueSQL(table: table, bins: 4, models: nil).query(transactions: "t", dialect: .postgres)
    // 19904 (2024-06-30) is a Sunday: its week starts on Monday 19898.
    #expect(ValueTimeUnit.weeks.periodStart(19_904) == 19_898)
    #expect(sql.contains("purchase_day - ((purchase_day % 7 + 10) % 7) <= 19898"))
    #expect(sql.contains("CAST(19898 - MIN(period_start) AS DOUBLE PRECISION) / 7 AS age"))
    #expect(sql.contains("CAST(1 + FLOOR(CAST(4 * (RANK() OVER (ORDER BY days_since_last DESC) - 1)"))
  }

  @Test("what is not compiled is named with the reason")
  func omitted() {
    let none = ValueSQL(table: Self.table, bins: 5, models: nil)
    #expect(none.modelColumns.isEmpty && none.omitted.count == 4)
    #expect(none.omitted[0].reason.contains("segmenta value clv"))
    // a = 1 leaves E[X(t)] undefined: expected purchases and CLV are left out, P(alive) and spend kept.
    var models = Self.models
    models.purchases.a = 1
    let alternating = ValueSQL(table: Self.table, bins: 5, models: models)
    #expect(alternating.seriesTerms == nil)
    #expect(alternating.modelColumns == ["p_alive", "expected_spend"])
    #expect(alternating.omitted.map(\.column) == ["expected_purchases", "clv_12m"])
    // a < 1 compiles: the terms' signs are counted.
    #expect(ValueSQL(table: Self.table, bins: 5, models: Self.models).seriesTerms != nil)
    let sql = alternating.query(transactions: "t", dialect: .duckdb)
    #expect(sql.contains("-- Not compiled: expected_purchases: ") && !sql.contains("pair_values"))
  }
}
