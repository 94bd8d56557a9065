import Testing

@testable import SegmentaCore

@Suite("Fisher's exact test")
struct FisherExactTests {
  @Test("a hand-computed table, its mirror image, and a table as likely as any other")
  func byHand() {
    // [[3, 1], [1, 3]]: tables with a = 0…4 have probabilities 1, 16, 36, 16, 1 (÷ 70); all but a = 2
    // are no more likely than a = 3, so p = 34/70.
    #expect(isClose(FisherExact.twoSided(3, 1, 1, 3), 34.0 / 70.0, 1e-12))
    #expect(isClose(FisherExact.twoSided(1, 3, 3, 1), 34.0 / 70.0, 1e-12))
    #expect(FisherExact.twoSided(2, 2, 2, 2) == 1)
  }
}
