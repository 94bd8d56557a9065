import Foundation
import SegmentaCore
import Testing

@testable import SegmentaIO

@Suite("The wide-table spec as SQL: text, constants, quoting and refusals")
struct FeatureSQLTests {
  static let spec = WideTableSpec(
    calendar: CalendarRules(nightHours: MinuteRange(start: 1380, end: 420)),
    features: [
      FeatureDefinition(
        name: "night_fee", label: FeatureLabel(zh: "夜间", en: "Night"),
        kind: .aggregate(
          EventAggregate(
            function: .sum, field: "fee",
            filter: EventFilter(
              eventTypes: ["o'clock"], conditions: [.compare(field: "fee", op: .greater, value: 0.1)], splits: [.night]),
            divisor: 3))),
      FeatureDefinition(
        name: "last", label: FeatureLabel(zh: "最近", en: "Last"), kind: .aggregate(EventAggregate(function: .recency))),
    ])

  @Test("the same spec gives the same text; constants are exact doubles, names quoted for the engine")
  func text() throws {
    let duckdb = try FeatureSQL.query(spec: Self.spec, dialect: .duckdb, specFile: "f.yaml")
    #expect(try FeatureSQL.query(spec: Self.spec, dialect: .duckdb, specFile: "f.yaml") == duckdb)
    #expect(duckdb.contains(#""fee" > 0.1e0"#) && duckdb.contains("COALESCE(a.\"night_fee\", 0) / 3 AS \"night_fee\""))
    // The night wraps past midnight.
    #expect(duckdb.contains(#"("segmenta_minute" >= 1380 OR "segmenta_minute" < 420)"#))
    // Without a reference date the query computes the day after the latest event, and ignores none.
    #expect(duckdb.contains("\"reference\" AS (") && !duckdb.contains("WHERE e."))
    let spark = try FeatureSQL.query(spec: Self.spec, dialect: .spark, referenceDay: 19_783)
    #expect(spark.contains(#"`segmenta_type` IN ('o\'clock')"#) && !spark.contains("\"reference\""))
    #expect(spark.contains("WHERE e.`timestamp` < TIMESTAMP '2024-03-01 00:00:00'"))
    #expect(spark.contains("CAST(19783 - a.`last` AS DOUBLE)"))
  }

  @Test("a table name that is not one and a change without its previous period are refused")
  func refusals() throws {
    #expect(throws: SegmentaError.self) {
      try FeatureSQL.query(spec: Self.spec, dialect: .postgres, customersTable: "x y")
    }
    var spec = Self.spec
    spec.features[0].kind = .aggregate(EventAggregate(function: .mode, field: "channel", categories: ["app"]))
    spec.features.append(
      FeatureDefinition(
        name: "moved", label: FeatureLabel(zh: "变", en: "Moved"),
        kind: .changed(feature: "night_fee", previous: nil, missingWithoutPrevious: false)))
    do {
      _ = try FeatureSQL.query(spec: spec, dialect: .postgres)
      Issue.record("a change without a previous table compiled")
    } catch let error as SegmentaError {
      #expect(error.field == "previous-table" && error.message.contains("feature 'moved' compares 'night_fee'"))
    }
    #expect(
      try FeatureSQL.query(spec: spec, dialect: .postgres, previousTable: "old.features").contains(
        #"LEFT JOIN "old"."features" AS p"#))
  }
}
