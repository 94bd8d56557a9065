import Testing

@testable import SegmentaCore

@Suite("Pair sets")
struct PairSetTests {
  @Test("a pair set counts distinct pairs exactly")
  func pairSet() {
    let set = PairSet(capacity: 4)
    var fresh = 0
    for owner in 0..<500 {
      for value in 0..<(owner % 17 + 1) {
        for _ in 0..<2 where set.insert(owner: UInt64(owner), value: UInt64(value) &* 0x9E37_79B9) { fresh += 1 }
      }
    }
    let expected = (0..<500).reduce(0) { $0 + $1 % 17 + 1 }
    #expect(fresh == expected)
    #expect(set.count == expected)
  }
}
