import Testing

@testable import SegmentaCore

@Suite("Standard normal distribution")
struct NormalTests {
  @Test("the evaluation fixture holds ten normal quantiles")
  func fixtureQuantiles() throws {
    #expect(try EvaluationFixture.load().quantiles.count == 10)
  }

  @Test("normal quantiles equal scipy's norm.ppf", arguments: try EvaluationFixture.load().quantiles)
  func quantileMatchesScipy(_ reference: EvaluationFixture.Quantile) {
    #expect(isClose(Normal.quantile(reference.p), reference.z, 1e-13) || abs(reference.z) < 1e-15)
  }

  @Test("the two-sided tail at z = 10 keeps its digits (1.52e-23)")
  func farTail() {
    #expect(isClose(Normal.twoSidedTail(10), 1.5239706048320995e-23, 1e-12))
  }
}
