import Foundation
import SegmentaCore

/// The JSON form of a campaign evaluation (`segmenta campaign evaluate --json`).
///
/// Numbers that are not finite (a lift over a control rate of 0) are null.
public struct EvaluationOutput: Codable, Sendable {
  /// One group's figures.
  public struct Arm: Codable, Sendable {
    /// Customers.
    public var n: Int
    /// Customers reached.
    public var reached: Int
    /// Customers who converted.
    public var converted: Int
    /// Reached ÷ customers.
    public var contactRate: Double?
    /// Converted ÷ customers.
    public var conversionRate: Double?
    /// Total revenue.
    public var revenue: Double
    /// Revenue ÷ customers.
    public var revenuePerCustomer: Double?
  }
  /// A confidence interval.
  public struct Interval: Codable, Sendable {
    /// Lower end.
    public var lower: Double?
    /// Upper end.
    public var upper: Double?
  }
  /// Target against control on one rate.
  public struct Comparison: Codable, Sendable {
    /// Target rate − control rate.
    public var difference: Double?
    /// Wald interval of the difference.
    public var differenceInterval: Interval
    /// Target rate ÷ control rate.
    public var lift: Double?
    /// Log (Katz) interval of the lift.
    public var liftInterval: Interval?
    /// Pooled two-proportion z statistic.
    public var z: Double?
    /// Two-sided p-value.
    public var pValue: Double?
    /// Fisher's exact two-sided p-value.
    public var fisherPValue: Double?
    /// "z" or "fisher": which p-value to read (Fisher's when an expected cell count is below 5).
    public var recommendedTest: String
  }
  /// The campaign evaluated, when it is a stored one.
  public var campaign: String?
  /// Confidence level of the intervals.
  public var confidence: Double
  /// The target group.
  public var target: Arm
  /// The control group.
  public var control: Arm
  /// Contact success rate lift, target ÷ control.
  public var contactLift: Double?
  /// Conversion rate lift, target ÷ control.
  public var conversionLift: Double?
  /// Two-sided p-value.
  public var pValue: Double?
  /// Contact success rate comparison.
  public var contact: Comparison
  /// Conversion rate comparison.
  public var conversion: Comparison
  /// Revenue per customer, target − control.
  public var revenueDifference: Double?
  /// Normal (Welch) interval of the revenue difference.
  public var revenueDifferenceInterval: Interval
  /// Conversions added by the campaign.
  public var incrementalConversions: Double?
  /// Revenue added by the campaign.
  public var incrementalRevenue: Double?
  /// Cost of contacting the targets.
  public var cost: Double?
  /// The budget.
  public var budget: Double?
  /// Value the lift brought.
  public var incrementalValue: Double?
  /// (Incremental value − cost) ÷ cost.
  public var roi: Double?

  /// The output for `evaluation`.
  public init(_ evaluation: ExperimentEvaluation, campaign: String? = nil) {
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

/// The text form of a campaign evaluation.
public enum EvaluationText {
  /// A p-value as analysts read it: "2.7e-67", "4.0e-93", "0.0312", "< 1e-300" when it underflows.
  public static func pValue(_ p: Double) -> String {
    if p == 0 { return "< 1e-300" }
    if p < 1e-4 { return String(format: "%.1e", p) }
    return String(format: "%.4f", p)
  }

  /// A lift: "×4.78"; "–" when the control rate is 0.
  public static func lift(_ value: Double) -> String { value.isFinite ? String(format: "×%.2f", value) : "–" }

  static func percent(_ value: Double) -> String { value.isFinite ? String(format: "%.1f %%", value * 100) : "–" }
  static func points(_ value: Double) -> String { String(format: "%+.1f", value * 100) }
  static func money(_ value: Double) -> String { value.isFinite ? String(format: "%.2f", value) : "–" }

  /// The report's lines, ending with a one-line summary.
  public static func lines(_ evaluation: ExperimentEvaluation, title: String) -> [String] {
    let t = evaluation.target
    let c = evaluation.control
    let level = String(format: "%g %%", evaluation.confidence * 100)
    func row(_ name: String, _ a: String, _ b: String) -> String {
      name.padding(toLength: 22, withPad: " ", startingAt: 0) + a.leftPadded(12) + b.leftPadded(12)
    }
    var lines = [title, row("", "target", "control")]
    lines.append(row("customers", "\(t.customers)", "\(c.customers)"))
    lines.append(row("reached", "\(t.reached)", "\(c.reached)"))
    lines.append(row("contact success rate", percent(t.contactRate), percent(c.contactRate)))
    lines.append(row("converted", "\(t.converted)", "\(c.converted)"))
    lines.append(row("conversion rate", percent(t.conversionRate), percent(c.conversionRate)))
    if t.revenue != 0 || c.revenue != 0 {
      lines.append(row("revenue", money(t.revenue), money(c.revenue)))
      lines.append(row("revenue per customer", money(t.revenuePerCustomer), money(c.revenuePerCustomer)))
    }
    func describe(_ name: String, _ value: ProportionComparison) -> String {
      var text = "\(name): \(lift(value.ratio))"
      if let interval = value.ratioInterval {
        text += " (\(level) CI \(lift(interval.lower))–\(lift(interval.upper)))"
      }
      text +=
        ", \(points(value.difference)) points (\(points(value.differenceInterval.lower)) to "
        + "\(points(value.differenceInterval.upper))); z = \(String(format: "%.2f", value.z)), "
        + "p = \(pValue(value.pValue)), Fisher's exact p = \(pValue(value.fisherPValue))"
      if value.smallestExpectedCount < 5 { text += " (small counts: read Fisher's p)" }
      return text
    }
    lines.append("")
    lines.append(describe("Contact success", evaluation.contact))
    lines.append(describe("Conversion", evaluation.conversion))
    var incremental = "Incremental conversions: \(String(format: "%.1f", evaluation.incrementalConversions))"
    if t.revenue != 0 || c.revenue != 0 {
      incremental +=
        "; incremental revenue \(money(evaluation.incrementalRevenue)) (per customer "
        + "\(money(evaluation.revenueDifference)), \(level) CI \(money(evaluation.revenueInterval.lower)) to "
        + "\(money(evaluation.revenueInterval.upper)))"
    }
    lines.append(incremental)
    if let economics = evaluation.economics {
      var text = "Cost \(money(economics.cost))"
      if let budget = economics.budget {
        text += " of a \(money(budget)) budget" + (economics.cost > budget ? " (over budget)" : "")
      }
      text +=
        "; incremental value \(money(economics.incrementalValue)); ROI "
        + (economics.returnOnInvestment.isFinite ? String(format: "%.1f %%", economics.returnOnInvestment * 100) : "–")
      lines.append(text)
    }
    lines.append("")
    let significant = evaluation.conversion.pValue < 1 - evaluation.confidence
    lines.append(
      "Targets converted \(lift(evaluation.conversion.ratio)) as often as the control group "
        + "(\(percent(t.conversionRate)) vs \(percent(c.conversionRate)), p = \(pValue(evaluation.conversion.pValue)))"
        + (significant ? "." : "; the difference is not significant at \(level)."))
    return lines
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
