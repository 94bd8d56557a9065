import Testing

@testable import SegmentaCore

@Suite("Comparing two proportions")
struct ProportionComparisonTests {
  @Test("the evaluation fixture holds at least nine cases")
  func fixtureCases() throws {
    #expect(try EvaluationFixture.load().cases.count >= 9)
  }

  @Test(
    "z-test, intervals and Fisher's test equal statsmodels and scipy",
    arguments: try EvaluationFixture.load().cases)
  func matchesReference(_ reference: EvaluationFixture.Case) {
    let result = ProportionComparison(
      targetSuccesses: reference.targetSuccesses, targetCount: reference.targetCount,
      controlSuccesses: reference.controlSuccesses, controlCount: reference.controlCount, confidence: 0.95)
    #expect(isClose(result.z, reference.z), "z \(result.z) vs \(reference.z)")
    #expect(isClose(result.pValue, reference.pValue, 1e-9), "p \(result.pValue) vs \(reference.pValue)")
    #expect(isClose(result.differenceInterval.lower, reference.differenceLower))
    #expect(isClose(result.differenceInterval.upper, reference.differenceUpper))
    if let lower = reference.ratioLower, let upper = reference.ratioUpper {
      #expect(isClose(result.ratioInterval?.lower ?? .nan, lower))
      #expect(isClose(result.ratioInterval?.upper ?? .nan, upper))
    } else {
      #expect(result.ratioInterval == nil)
    }
    #expect(
      isClose(result.fisherPValue, reference.fisherPValue, 1e-6),
      "Fisher \(result.fisherPValue) vs \(reference.fisherPValue)")
  }

  @Test("p-values below 1e-100 keep their digits (the tail is computed directly)")
  func tinyTail() throws {
    let fixture = try EvaluationFixture.load()
    let tiny = try #require(fixture.cases.first { $0.name == "far below 1e-100" })
    #expect(tiny.pValue < 1e-100)
    let result = ProportionComparison(
      targetSuccesses: tiny.targetSuccesses, targetCount: tiny.targetCount, controlSuccesses: tiny.controlSuccesses,
      controlCount: tiny.controlCount, confidence: 0.95)
    #expect(isClose(result.pValue, tiny.pValue, 1e-9))
  }
}
