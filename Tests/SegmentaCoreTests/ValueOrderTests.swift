import PropertyBased
import Testing

@testable import SegmentaCore

@Suite("Rows ordered by value")
struct ValueOrderTests {
  @Test("property: the radix order equals a stable comparison sort, ascending and descending")
  func equalsStableSort() async {
    await propertyCheck(count: 200, input: Gen.int(in: 0...3000), Gen.int(in: 1...9)) { size, spread in
      var generator = SplitMix64(seed: UInt64(size * 17 + spread))
      let specials: [Double] = [0, -0.0, .infinity, -.infinity, 1e-310, -1e-310, .greatestFiniteMagnitude]
      let values = (0..<size).map { i -> Double in
        if i % 11 == 0 { return specials[Int(generator.next() % UInt64(specials.count))] }
        if i % 13 == 0 { return .nan }
        return (Double(generator.next() % UInt64(spread * 5)) - Double(spread * 2)) * 0.37
      }
      let rows = values.indices.filter { !values[$0].isNaN }
      let ascending = rows.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
      let descending = rows.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
      #expect(ValueOrder.rows(rows, by: values) == ascending)
      #expect(ValueOrder.rows(rows, by: values, descending: true) == descending)
    }
  }

  @Test("a million equal values keep their row order")
  func equalValues() {
    let values = [Double](repeating: 2.5, count: 1_000_000)
    let rows = Array(values.indices)
    #expect(ValueOrder.rows(rows, by: values, descending: true) == rows)
  }
}
