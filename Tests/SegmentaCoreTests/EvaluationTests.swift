import Foundation
import Testing

@testable import SegmentaCore

private struct EvaluationFixture: Decodable {
  struct Case: Decodable {
    var name: String
    var targetSuccesses: Int
    var targetCount: Int
    var controlSuccesses: Int
    var controlCount: Int
    var z: Double
    var pValue: Double
    var differenceLower: Double
    var differenceUpper: Double
    var ratioLower: Double?
    var ratioUpper: Double?
    var fisherPValue: Double
  }
  struct Quantile: Decodable {
    var p: Double
    var z: Double
  }
  struct Revenue: Decodable {
    var target: [Double]
    var control: [Double]
    var difference: Double
    var lower: Double
    var upper: Double
  }
  var cases: [Case]
  var quantiles: [Quantile]
  var revenue: Revenue

  static func load() throws -> EvaluationFixture {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(EvaluationFixture.self, from: fixtureData("evaluation/evaluation_reference.json"))
  }
}

/// |a − b| ≤ tolerance × |b| (exact equality for zeros).
private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
  a == b || abs(a - b) <= tolerance * abs(b)
}

@Suite("Campaign evaluation")
struct EvaluationTests {
  @Test("the brief's case: contact ×2.52, conversion ×4.78, p far below 1e-15")
  func briefCase() throws {
    let evaluation = try ExperimentEvaluation(
      target: ArmOutcome(customers: 1000, reached: 630, converted: 430),
      control: ArmOutcome(customers: 1000, reached: 250, converted: 90))
    #expect(close(evaluation.contact.ratio, 2.52, 1e-12))
    #expect(close(evaluation.conversion.ratio, 430.0 / 90.0, 1e-12))
    #expect((evaluation.conversion.ratio * 100).rounded() / 100 == 4.78)
    #expect(close(evaluation.incrementalConversions, 340, 1e-12))
    #expect(evaluation.conversion.pValue > 0 && evaluation.conversion.pValue < 1e-15)
  }

  @Test("z-test, intervals and Fisher's test equal statsmodels and scipy on every fixture case")
  func matchesReference() throws {
    let fixture = try EvaluationFixture.load()
    #expect(fixture.cases.count >= 9)
    for reference in fixture.cases {
      let result = ProportionComparison(
        targetSuccesses: reference.targetSuccesses, targetCount: reference.targetCount,
        controlSuccesses: reference.controlSuccesses, controlCount: reference.controlCount, confidence: 0.95)
      #expect(close(result.z, reference.z), "\(reference.name): z \(result.z) vs \(reference.z)")
      #expect(
        close(result.pValue, reference.pValue, 1e-9), "\(reference.name): p \(result.pValue) vs \(reference.pValue)")
      #expect(close(result.differenceInterval.lower, reference.differenceLower), "\(reference.name)")
      #expect(close(result.differenceInterval.upper, reference.differenceUpper), "\(reference.name)")
      if let lower = reference.ratioLower, let upper = reference.ratioUpper {
        #expect(close(result.ratioInterval?.lower ?? .nan, lower), "\(reference.name)")
        #expect(close(result.ratioInterval?.upper ?? .nan, upper), "\(reference.name)")
      } else {
        #expect(result.ratioInterval == nil, "\(reference.name)")
      }
      #expect(
        close(result.fisherPValue, reference.fisherPValue, 1e-6),
        "\(reference.name): Fisher \(result.fisherPValue) vs \(reference.fisherPValue)")
    }
  }

  @Test("p-values below 1e-100 keep their digits (the tail is computed directly)")
  func tinyTail() throws {
    let fixture = try EvaluationFixture.load()
    let tiny = try #require(fixture.cases.first { $0.name == "far below 1e-100" })
    #expect(tiny.pValue < 1e-100)
    let result = ProportionComparison(
      targetSuccesses: tiny.targetSuccesses, targetCount: tiny.targetCount, controlSuccesses: tiny.controlSuccesses,
      controlCount: tiny.controlCount, confidence: 0.95)
    #expect(close(result.pValue, tiny.pValue, 1e-9))
    #expect(close(Normal.twoSidedTail(10), 1.5239706048320995e-23, 1e-12))
  }

  @Test("normal quantiles equal scipy's norm.ppf")
  func quantiles() throws {
    for reference in try EvaluationFixture.load().quantiles {
      #expect(close(Normal.quantile(reference.p), reference.z, 1e-13) || abs(reference.z) < 1e-15)
    }
  }

  @Test("revenue per customer: the difference and its Welch normal interval equal numpy's")
  func revenue() throws {
    let reference = try EvaluationFixture.load().revenue
    var target = ArmOutcome()
    var control = ArmOutcome()
    for value in reference.target { target.add(reached: true, converted: value > 0, revenue: value) }
    for value in reference.control { control.add(reached: true, converted: value > 0, revenue: value) }
    let evaluation = try ExperimentEvaluation(target: target, control: control)
    #expect(close(evaluation.revenueDifference, reference.difference))
    #expect(close(evaluation.revenueInterval.lower, reference.lower, 1e-8))
    #expect(close(evaluation.revenueInterval.upper, reference.upper, 1e-8))
    #expect(close(evaluation.incrementalRevenue, reference.difference * Double(reference.target.count)))
  }

  @Test("cost and ROI: revenue when recorded, else conversions times their expected value")
  func economics() throws {
    let counts = try ExperimentEvaluation(
      target: ArmOutcome(customers: 1000, reached: 630, converted: 430),
      control: ArmOutcome(customers: 1000, reached: 250, converted: 90), costPerContact: 2, budget: 5000,
      valuePerConversion: 50)
    let money = try #require(counts.economics)
    #expect(money.cost == 2000)
    #expect(close(money.incrementalValue, 340 * 50, 1e-12))
    #expect(close(money.returnOnInvestment, (17000.0 - 2000) / 2000, 1e-12))
    #expect(money.budget == 5000)
  }

  @Test("empty or inconsistent arms are refused with a message")
  func refusals() {
    #expect(throws: EvaluationError.emptyArm("control")) {
      try ExperimentEvaluation(target: ArmOutcome(customers: 10, reached: 5, converted: 1), control: ArmOutcome())
    }
    #expect(throws: EvaluationError.inconsistentCounts("target")) {
      try ExperimentEvaluation(
        target: ArmOutcome(customers: 10, reached: 11, converted: 1),
        control: ArmOutcome(customers: 10, reached: 5, converted: 1))
    }
  }

  @Test("Fisher's test: a hand-computed table and symmetry")
  func fisherByHand() {
    // [[3, 1], [1, 3]]: tables with a = 0…4 have probabilities 1, 16, 36, 16, 1 (÷ 70); all but a = 2
    // are no more likely than a = 3, so p = 34/70.
    #expect(close(FisherExact.twoSided(3, 1, 1, 3), 34.0 / 70.0, 1e-12))
    #expect(close(FisherExact.twoSided(1, 3, 3, 1), 34.0 / 70.0, 1e-12))
    #expect(FisherExact.twoSided(2, 2, 2, 2) == 1)
  }
}
