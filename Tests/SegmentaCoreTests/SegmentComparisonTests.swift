import Foundation
import PropertyBased
import Testing

@testable import SegmentaCore

@Suite("Two segmentations compared: pandas' crosstab, scikit-learn's ARI, scipy's matching")
struct SegmentComparisonTests {
  struct Case: Decodable {
    var name: String
    var firstKeys: [Int64]
    var firstGroups: [Int32]
    var firstSegments: Int
    var secondKeys: [Int64]
    var secondGroups: [Int32]
    var secondSegments: Int
    var table: [[Int]]
    var ari: Double
    var matching: [[Int]]
    var matchedShare: Double
  }

  static func cases() throws -> [Case] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/segments/compare_reference.json")
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode([Case].self, from: Data(contentsOf: url))
  }

  @Test("the cross-table, ARI and matched customers equal the references", arguments: [0, 1])
  func equalsReference(index: Int) throws {
    let reference = try Self.cases()[index]
    let comparison = SegmentComparison(
      firstKeys: reference.firstKeys, firstGroups: reference.firstGroups, firstSegments: reference.firstSegments,
      secondKeys: reference.secondKeys, secondGroups: reference.secondGroups, secondSegments: reference.secondSegments)
    #expect(comparison.table.flows == reference.table, "\(reference.name)")
    #expect(abs(comparison.adjustedRandIndex - reference.ari) < 1e-12)
    let total = comparison.matches.reduce(0) { $0 + $1.customers }
    #expect(total == reference.matching.reduce(0) { $0 + $1[2] })
    #expect(comparison.matches.count == min(reference.firstSegments, reference.secondSegments))
    #expect(abs(comparison.matchedShare - reference.matchedShare) < 1e-12)
    if reference.name == "relabelled" {
      #expect(comparison.matches.map { [$0.first, $0.second, $0.customers] } == reference.matching)
    }
  }

  @Test("property: the matching is one to one and no other assignment of a small table holds more")
  func matchingIsBest() async {
    await propertyCheck(count: 150, input: Gen.int(in: 1...5), Gen.int(in: 1...5), Gen.int(in: 0...10_000)) {
      rows, columns, seed in
      var generator = SplitMix64(seed: UInt64(seed))
      let counts = (0..<rows).map { _ in (0..<columns).map { _ in Int(generator.next() % 50) } }
      let pairs = SegmentComparison.bestMatching(counts)
      #expect(pairs.count == min(rows, columns))
      #expect(Set(pairs.map(\.0)).count == pairs.count && Set(pairs.map(\.1)).count == pairs.count)
      let best = pairs.reduce(0) { $0 + counts[$1.0][$1.1] }
      // Brute force over every injective assignment of the smaller side.
      func bruteForce(_ row: Int, _ used: Set<Int>) -> Int {
        guard row < rows else { return 0 }
        var top = rows > columns ? bruteForce(row + 1, used) : Int.min
        for column in 0..<columns where !used.contains(column) {
          top = max(top, counts[row][column] + bruteForce(row + 1, used.union([column])))
        }
        return top == Int.min ? 0 : top
      }
      #expect(best == bruteForce(0, []))
    }
  }
}
