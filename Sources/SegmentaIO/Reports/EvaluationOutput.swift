import Foundation
import SegmentaCore

/// The JSON form of a campaign evaluation (`segmenta campaign evaluate --json`).
///
/// Numbers that are not finite (a lift over a control rate of 0) are null.
package struct EvaluationOutput: Codable, Sendable {
  /// One group's figures.
  package struct Arm: Codable, Sendable {
    /// Customers.
    package var n: Int
    /// Customers reached.
    package var reached: Int
    /// Customers who converted.
    package var converted: Int
    /// Reached ÷ customers.
    package var contactRate: Double?
    /// Converted ÷ customers.
    package var conversionRate: Double?
    /// Total revenue.
    package var revenue: Double
    /// Revenue ÷ customers.
    package var revenuePerCustomer: Double?
  }
  /// A confidence interval.
  package struct Interval: Codable, Sendable {
    /// Lower end.
    package var lower: Double?
    /// Upper end.
    package var upper: Double?
  }
  /// Target against control on one rate.
  package struct Comparison: Codable, Sendable {
    /// Target rate − control rate.
    package var difference: Double?
    /// Wald interval of the difference.
    package var differenceInterval: Interval
    /// Target rate ÷ control rate.
    package var lift: Double?
    /// Log (Katz) interval of the lift.
    package var liftInterval: Interval?
    /// Pooled two-proportion z statistic.
    package var z: Double?
    /// Two-sided p-value.
    package var pValue: Double?
    /// Fisher's exact two-sided p-value.
    package var fisherPValue: Double?
    /// "z" or "fisher": which p-value to read (Fisher's when an expected cell count is below 5).
    package var recommendedTest: String
  }
  /// The campaign evaluated, when it is a stored one.
  package var campaign: String?
  /// Confidence level of the intervals.
  package var confidence: Double
  /// The target group.
  package var target: Arm
  /// The control group.
  package var control: Arm
  /// Contact success rate lift, target ÷ control.
  package var contactLift: Double?
  /// Conversion rate lift, target ÷ control.
  package var conversionLift: Double?
  /// Two-sided p-value.
  package var pValue: Double?
  /// Contact success rate comparison.
  package var contact: Comparison
  /// Conversion rate comparison.
  package var conversion: Comparison
  /// Revenue per customer, target − control.
  package var revenueDifference: Double?
  /// Normal (Welch) interval of the revenue difference.
  package var revenueDifferenceInterval: Interval
  /// Conversions added by the campaign.
  package var incrementalConversions: Double?
  /// Revenue added by the campaign.
  package var incrementalRevenue: Double?
  /// Cost of contacting the targets.
  package var cost: Double?
  package var budget: Double?
  /// Value the lift brought.
  package var incrementalValue: Double?
  /// (Incremental value − cost) ÷ cost.
  package var roi: Double?

  /// The output for `evaluation`.
  package init(_ evaluation: ExperimentEvaluation, campaign: String? = nil) {
    func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
    func arm(_ outcome: ArmOutcome) -> Arm {
      Arm(
        n: outcome.customers, reached: outcome.reached, converted: outcome.converted,
        contactRate: finite(outcome.contactRate), conversionRate: finite(outcome.conversionRate),
        revenue: outcome.revenue, revenuePerCustomer: finite(outcome.revenuePerCustomer))
    }
    func interval(_ value: ConfidenceInterval) -> Interval {
      Interval(lower: finite(value.lower), upper: finite(value.upper))
    }
    func comparison(_ value: ProportionComparison) -> Comparison {
      Comparison(
        difference: finite(value.difference), differenceInterval: interval(value.differenceInterval),
        lift: finite(value.ratio), liftInterval: value.ratioInterval.map(interval), z: finite(value.z),
        pValue: finite(value.pValue), fisherPValue: finite(value.fisherPValue),
        recommendedTest: value.smallestExpectedCount < 5 ? "fisher" : "z")
    }
    self.campaign = campaign
    confidence = evaluation.confidence
    target = arm(evaluation.target)
    control = arm(evaluation.control)
    contactLift = finite(evaluation.contact.ratio)
    conversionLift = finite(evaluation.conversion.ratio)
    pValue = finite(evaluation.conversion.pValue)
    contact = comparison(evaluation.contact)
    conversion = comparison(evaluation.conversion)
    revenueDifference = finite(evaluation.revenueDifference)
    revenueDifferenceInterval = interval(evaluation.revenueInterval)
    incrementalConversions = finite(evaluation.incrementalConversions)
    incrementalRevenue = finite(evaluation.incrementalRevenue)
    cost = evaluation.economics?.cost
    budget = evaluation.economics?.budget
    incrementalValue = evaluation.economics.flatMap { finite($0.incrementalValue) }
    roi = evaluation.economics.flatMap { finite($0.returnOnInvestment) }
  }
}
