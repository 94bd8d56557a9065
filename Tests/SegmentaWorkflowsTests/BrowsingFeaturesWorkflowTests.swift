import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Browsing features over two periods: mode, bands of a feature, focus shift and its errors")
struct BrowsingFeaturesWorkflowTests {
  static let spec = """
    features:
      - name: views
        aggregate: count
        where: {type: view}
      - name: top_category
        aggregate: mode
        of: category
        categories: [apparel, beauty, books]
        where: {type: view}
      - name: mean_price
        aggregate: mean
        of: price
        where: {type: view}
      - name: price_band
        feature: mean_price
        bands: [100, 500]
        band_labels: [low, mid, high]
      - name: focus_shift
        changed: top_category
        without_previous: missing
    """
  // A stays with books, B moves from beauty to apparel, C views only in the first period, D only in
  // the second, E never.
  static let first = """
    customer_id,timestamp,event_type,category,price
    A,2024-03-01 10:00:00,view,books,20
    A,2024-03-02 10:00:00,view,books,40
    B,2024-03-01 10:00:00,view,beauty,200
    B,2024-03-03 10:00:00,view,beauty,300
    B,2024-03-03 11:00:00,view,apparel,250
    C,2024-03-04 10:00:00,view,toys,900

    """
  static let second = """
    customer_id,timestamp,event_type,category,price
    A,2024-06-01 10:00:00,view,books,60
    B,2024-06-01 10:00:00,view,apparel,700
    B,2024-06-02 10:00:00,view,apparel,800
    D,2024-06-02 10:00:00,view,beauty,5

    """

  static func context(_ directory: TemporaryDirectory) throws -> WorkflowContext {
    let context = try makeContext()
    try importCSV("customer_id,city\nA,x\nB,y\nC,z\nD,x\nE,y\n", into: context, directory: directory)
    return context
  }

  @Test("both periods' categorical features store their categories; the shift compares by customer")
  func twoPeriods() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let spec = directory.write("browsing.yaml", Self.spec)
    let first = directory.write("q1.csv", Self.first)
    let second = directory.write("q2.csv", Self.second)
    _ = try BuildFeaturesWorkflow(
      specPath: spec, eventPaths: [first], period: "2024Q1", asOf: CivilDate.days(year: 2024, month: 4, day: 1)
    ).run(context)
    let q1 = try store(context).wideTable(period: "2024Q1")
    let top1 = try #require(q1.feature(named: "top_category"))
    #expect(top1.categories == ["apparel", "beauty", "books", "other"])
    #expect(same(top1.values, [2, 1, 3, .nan, .nan]))
    #expect(try #require(q1.feature(named: "price_band")).categories == ["low", "mid", "high"])
    #expect(same(try #require(q1.feature(named: "price_band")).values, [0, 1, 2, .nan, .nan]))
    #expect(try #require(q1.feature(named: "focus_shift")).values.allSatisfy(\.isNaN))

    _ = try BuildFeaturesWorkflow(
      specPath: spec, eventPaths: [second], period: "2024Q2", asOf: CivilDate.days(year: 2024, month: 7, day: 1)
    ).run(context)
    let q2 = try store(context).wideTable(period: "2024Q2")
    #expect(same(try #require(q2.feature(named: "top_category")).values, [2, 0, .nan, 1, .nan]))
    #expect(same(try #require(q2.feature(named: "focus_shift")).values, [0, 1, .nan, .nan, .nan]))
    #expect(same(try #require(q2.feature(named: "price_band")).values, [0, 2, .nan, 0, .nan]))

    // Rules compare a categorical feature with its category's label.
    let high = try CheckRuleWorkflow(rule: #"price_band = "high" and top_category = "apparel""#, count: true)
      .run(context)
    #expect(high.valid && high.matches == 1)
    let shifted = try CheckRuleWorkflow(rule: "focus_shift = 1", count: true).run(context)
    #expect(shifted.matches == 1 && shifted.unknown == 3)

    // Describe and the Data page's histograms count customers per category of a categorical feature.
    let expected = [
      CategoryCount(category: "apparel", customers: 1), CategoryCount(category: "beauty", customers: 1),
      CategoryCount(category: "books", customers: 1), CategoryCount(category: "other", customers: 0),
    ]
    let described = try DescribeFeaturesWorkflow(period: "2024Q2").run(context).columns
    #expect(described.first { $0.name == "top_category" }?.categories == expected)
    #expect(described.first { $0.name == "focus_shift" }?.categories == nil)
    let histograms = try FeatureHistogramsWorkflow(period: "2024Q2").run(context).histograms
    #expect(histograms.first { $0.name == "top_category" }?.categories == expected)
    #expect(histograms.first { $0.name == "price_band" }?.categories?.map(\.customers) == [2, 0, 1])

    // Named previous period.
    let named = directory.write(
      "named.yaml", Self.spec.replacingOccurrences(of: "without_previous: missing", with: "previous: 2024Q1"))
    _ = try BuildFeaturesWorkflow(
      specPath: named, eventPaths: [second], period: "2024Q2b", asOf: CivilDate.days(year: 2024, month: 7, day: 1)
    ).run(context)
    let q2b = try store(context).wideTable(period: "2024Q2b")
    #expect(same(try #require(q2b.feature(named: "focus_shift")).values, [0, 1, .nan, .nan, .nan]))
  }

  @Test("a missing previous period, a previous period without the feature and an unknown field are located")
  func errors() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let first = directory.write("q1.csv", Self.first)
    let strict = directory.write(
      "strict.yaml", Self.spec.replacingOccurrences(of: "\n    without_previous: missing", with: ""))
    let noPrevious = #expect(throws: SegmentaError.self) {
      try BuildFeaturesWorkflow(specPath: strict, eventPaths: [first], period: "2024Q1").run(context)
    }
    #expect(noPrevious?.code == .invalidSpec && noPrevious?.line == 18 && noPrevious?.column == 5)
    #expect(noPrevious?.message.contains("no period before") == true)
    #expect(try store(context).periods().isEmpty)

    let named = directory.write(
      "named.yaml", Self.spec.replacingOccurrences(of: "without_previous: missing", with: "previous: 2023Q4"))
    let unknownPeriod = #expect(throws: SegmentaError.self) {
      try BuildFeaturesWorkflow(specPath: named, eventPaths: [first], period: "2024Q1").run(context)
    }
    #expect(unknownPeriod?.line == 18 && unknownPeriod?.message.contains("'2023Q4'") == true)

    // A first period built from another spec has no top_category to compare with.
    let other = directory.write("other.yaml", "features:\n  - name: views\n    aggregate: count\n")
    _ = try BuildFeaturesWorkflow(
      specPath: other, eventPaths: [first], period: "2024Q1", asOf: CivilDate.days(year: 2024, month: 4, day: 1)
    ).run(context)
    let second = directory.write("q2.csv", Self.second)
    let lacking = #expect(throws: SegmentaError.self) {
      try BuildFeaturesWorkflow(specPath: strict, eventPaths: [second], period: "2024Q2").run(context)
    }
    #expect(lacking?.line == 18 && lacking?.message.contains("has no feature 'top_category'") == true)

    let misspelt = directory.write(
      "misspelt.yaml", Self.spec.replacingOccurrences(of: "of: category", with: "of: categry"))
    let unknownField = #expect(throws: SegmentaError.self) {
      try BuildFeaturesWorkflow(specPath: misspelt, eventPaths: [second], period: "2024Q2").run(context)
    }
    #expect(unknownField?.line == 5 && unknownField?.column == 5 && unknownField?.message.contains("'categry'") == true)

    let numeric = directory.write(
      "numeric.yaml", Self.spec.replacingOccurrences(of: "of: price", with: "of: category"))
    let mixed = #expect(throws: SegmentaError.self) {
      try BuildFeaturesWorkflow(specPath: numeric, eventPaths: [second], period: "2024Q2").run(context)
    }
    #expect(
      mixed?.line == 10 && mixed?.message.contains("as a number but feature 'top_category' uses it as text") == true)
    #expect(try store(context).periods().map(\.label) == ["2024Q1"])
  }
}

/// Whether two columns are equal, NaN equal to NaN.
private func same(_ a: [Double], _ b: [Double]) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || $0 == $1 }
}
