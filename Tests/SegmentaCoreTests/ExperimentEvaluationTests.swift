import Testing

@testable import SegmentaCore

@Suite("Campaign evaluation")
struct ExperimentEvaluationTests {
  @Test("the brief's case: contact ×2.52, conversion ×4.78, p far below 1e-15")
  func briefCase() throws {
    let evaluation = try ExperimentEvaluation(
      target: ArmOutcome(customers: 1000, reached: 630, converted: 430),
      control: ArmOutcome(customers: 1000, reached: 250, converted: 90))
    #expect(isClose(evaluation.contact.ratio, 2.52, 1e-12))
    #expect(isClose(evaluation.conversion.ratio, 430.0 / 90.0, 1e-12))
    #expect((evaluation.conversion.ratio * 100).rounded() / 100 == 4.78)
    #expect(isClose(evaluation.incrementalConversions, 340, 1e-12))
    #expect(evaluation.conversion.pValue > 0 && evaluation.conversion.pValue < 1e-15)
  }

  @Test("revenue per customer: the difference and its Welch normal interval equal numpy's")
  func revenue() throws {
    let reference = try EvaluationFixture.load().revenue
    var target = ArmOutcome()
    var control = ArmOutcome()
    for value in reference.target { target.add(reached: true, converted: value > 0, revenue: value) }
    for value in reference.control { control.add(reached: true, converted: value > 0, revenue: value) }
    let evaluation = try ExperimentEvaluation(target: target, control: control)
    #expect(isClose(evaluation.revenueDifference, reference.difference))
    #expect(isClose(evaluation.revenueInterval.lower, reference.lower, 1e-8))
    #expect(isClose(evaluation.revenueInterval.upper, reference.upper, 1e-8))
    #expect(isClose(evaluation.incrementalRevenue, reference.difference * Double(reference.target.count)))
  }

  @Test("cost and ROI: revenue when recorded, else conversions times their expected value")
  func economics() throws {
    let counts = try ExperimentEvaluation(
      target: ArmOutcome(customers: 1000, reached: 630, converted: 430),
      control: ArmOutcome(customers: 1000, reached: 250, converted: 90), costPerContact: 2, budget: 5000,
      valuePerConversion: 50)
    let money = try #require(counts.economics)
    #expect(money.cost == 2000)
    #expect(isClose(money.incrementalValue, 340 * 50, 1e-12))
    #expect(isClose(money.returnOnInvestment, (17000.0 - 2000) / 2000, 1e-12))
    #expect(money.budget == 5000)
  }

  @Test("empty or inconsistent arms and a confidence outside (0, 1) are refused with a message")
  func refusals() {
    #expect(throws: EvaluationError.emptyArm("control")) {
      try ExperimentEvaluation(target: ArmOutcome(customers: 10, reached: 5, converted: 1), control: ArmOutcome())
    }
    #expect(throws: EvaluationError.inconsistentCounts("target")) {
      try ExperimentEvaluation(
        target: ArmOutcome(customers: 10, reached: 11, converted: 1),
        control: ArmOutcome(customers: 10, reached: 5, converted: 1))
    }
    #expect(throws: EvaluationError.confidence(1)) {
      try ExperimentEvaluation(
        target: ArmOutcome(customers: 10, reached: 5, converted: 1),
        control: ArmOutcome(customers: 10, reached: 5, converted: 1), confidence: 1)
    }
  }
}
