import Foundation
import PropertyBased
import Testing

@testable import SegmentaCore

/// `Tests/Fixtures/describe/describe_reference.json`: numpy's and scipy's statistics of eight
/// columns (`scripts/fixtures/describe_reference.py`).
struct DescribeFixture: Decodable {
  struct Column: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var values: [Double?]
    var expected: [String: Double?]
    var testDescription: String { name }
  }
  var generator: String
  var columns: [Column]

  static func load() throws -> DescribeFixture {
    try JSONDecoder().decode(DescribeFixture.self, from: fixtureData("describe/describe_reference.json"))
  }
}

@Suite("Descriptive statistics")
struct ColumnSummaryTests {
  @Test("property: quantiles by selection equal quantiles of the sorted values, duplicates included")
  func selectionEqualsSort() async {
    let values = Gen.int(in: -20...20).array(of: 1...400)
    await propertyCheck(count: 200, input: values, Gen.int(in: 0...1000).array(of: 1...6)) { integers, permille in
      var data = integers.map { Double($0) / 4 }
      let ps = permille.map { Double($0) / 1000 }
      let sorted = data.sorted()
      let expected = ps.map { ColumnSummary.quantile(sorted, $0) }
      #expect(ColumnSummary.quantiles(selecting: &data, ps) == expected)
      #expect(data.sorted() == sorted)
    }
  }

  @Test("selection handles sorted, reversed, constant and organ-pipe inputs")
  func selectionOnHardOrders() {
    let n = 100_001
    let inputs: [[Double]] = [
      (0..<n).map(Double.init), (0..<n).reversed().map(Double.init), Array(repeating: 3, count: n),
      (0..<n).map { Double(min($0, n - $0)) }, (0..<n).map { Double($0 % 7) },
    ]
    for input in inputs {
      var data = input
      let sorted = input.sorted()
      let ps = [0, 0.01, 0.5, 0.99, 1]
      #expect(ColumnSummary.quantiles(selecting: &data, ps) == ps.map { ColumnSummary.quantile(sorted, $0) })
    }
  }

  @Test("large inputs: the quantiles found by brackets equal those of the sorted values, and ties fall back")
  func bracketsOnLargeInputs() {
    var rng = SplitMix64(seed: 5)
    let n = 150_001
    let smooth = (0..<n).map { _ in rng.nextLogNormal(mu: 1, sigma: 0.8) }
    let tied = (0..<n).map { _ in Double(rng.nextPoisson(0.4)) }
    let ps = [0.01, 0.25, 0.5, 0.75, 0.99]
    for input in [smooth, tied] {
      var data = input
      let sorted = input.sorted()
      #expect(ColumnSummary.quantiles(selecting: &data, ps) == ps.map { ColumnSummary.quantile(sorted, $0) })
    }
    let ranks = [1_500, 75_000, 75_001, 148_500]
    let found = ColumnSummary.bracketed(smooth, ranks: ranks)
    #expect(found == Dictionary(uniqueKeysWithValues: ranks.map { ($0, smooth.sorted()[$0]) }))
  }

  @Test("one bracket (a median): the branch-free pass finds the rank, and a bracket of ties gives up")
  func singleBracket() {
    var rng = SplitMix64(seed: 11)
    let n = 200_003
    let smooth = (0..<n).map { _ in rng.nextLogNormal(mu: 0, sigma: 1.5) }
    let sorted = smooth.sorted()
    for rank in [n / 2, n / 2 + 1] {
      #expect(ColumnSummary.bracketed(smooth, ranks: [rank]) == [rank: sorted[rank]])
    }
    // Two close ranks share one bracket.
    #expect(
      ColumnSummary.bracketed(smooth, ranks: [100_000, 100_010]) == [
        100_000: sorted[100_000], 100_010: sorted[100_010],
      ])
    // The stride sample (every 48th value here) sees distinct values, while most values equal one
    // inside the median's bracket: its buffer would overflow, so the bracket gives up and selection
    // (still exact) takes over.
    let step = n / 4_096
    let tied = (0..<n).map { $0 % step == 0 ? Double($0) : Double(n / 2) + 0.5 }
    #expect(ColumnSummary.bracketed(tied, ranks: [n / 2]) == nil)
    var data = tied
    #expect(ColumnSummary.quantiles(selecting: &data, [0.5]) == [ColumnSummary.quantile(tied.sorted(), 0.5)])
  }

  @Test("the describe fixture holds eight columns")
  func fixtureColumns() throws {
    #expect(try DescribeFixture.load().columns.count == 8)
  }

  @Test(
    "equal numpy's mean, std (ddof=1) and percentiles and scipy's skew(bias=False) within 1e-12 relative",
    arguments: try DescribeFixture.load().columns)
  func againstNumpyAndScipy(_ column: DescribeFixture.Column) throws {
    let summary = ColumnSummary(column.values.map { $0 ?? .nan })
    let expected = column.expected
    #expect(Double(summary.count) == expected["count"] ?? nil)
    #expect(Double(summary.missing) == expected["missing"] ?? nil)
    let actual: [String: Double?] = [
      "mean": summary.mean, "std": summary.std, "min": summary.min, "p01": summary.p01, "p25": summary.p25,
      "p50": summary.p50, "p75": summary.p75, "p99": summary.p99, "max": summary.max, "skewness": summary.skewness,
    ]
    for (name, value) in actual {
      let reference = expected[name] ?? nil
      switch (value, reference) {
      case (nil, nil):
        continue
      case (let value?, let reference?):
        let tolerance = name == "skewness" ? 1e-10 : 1e-12
        #expect(abs(value - reference) <= tolerance * max(1, abs(reference)), "\(name): \(value) vs \(reference)")
      default:
        Issue.record("\(name): \(String(describing: value)) vs \(String(describing: reference))")
      }
    }
  }

  @Test("an empty or all-missing column has counts only")
  func empty() {
    let summary = ColumnSummary([.nan, .nan])
    #expect(summary.count == 0 && summary.missing == 2)
    #expect(summary.mean == nil && summary.p50 == nil && summary.skewness == nil)
  }
}
