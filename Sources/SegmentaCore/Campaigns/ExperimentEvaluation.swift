/// The evaluation of a campaign or any experiment against its random control group.
public struct ExperimentEvaluation: Sendable, Equatable {
  /// The target group's outcomes.
  public var target: ArmOutcome
  /// The control group's outcomes.
  public var control: ArmOutcome
  /// The confidence level of the intervals (0.95 by default).
  public var confidence: Double
  /// The contact success rate, target against control.
  public var contact: ProportionComparison
  /// The conversion rate, target against control.
  public var conversion: ProportionComparison
  /// The difference in revenue per customer, target − control.
  public var revenueDifference: Double
  /// The normal-approximation interval of the revenue difference, with Welch's unpooled standard
  /// error.
  public var revenueInterval: ConfidenceInterval
  /// The conversions the campaign added over what the targets would have done untouched:
  /// (target rate − control rate) × targets.
  public var incrementalConversions: Double
  /// The revenue the campaign added: (target − control revenue per customer) × targets.
  public var incrementalRevenue: Double
  /// The cost and return, when the campaign's cost per contact is known.
  public var economics: CampaignEconomics?

  /// Evaluates `target` against `control` at the `confidence` level; with a cost per contact, also
  /// the economics (revenue when recorded, else conversions × `valuePerConversion`).
  ///
  /// - Throws: ``EvaluationError`` when an arm is empty or counts are inconsistent.
  public init(
    target: ArmOutcome, control: ArmOutcome, confidence: Double = 0.95, costPerContact: Double? = nil,
    budget: Double? = nil, valuePerConversion: Double? = nil
  ) throws(EvaluationError) {
    for (name, arm) in [("target", target), ("control", control)] {
      guard arm.customers > 0 else { throw .emptyArm(name) }
      guard arm.reached <= arm.customers, arm.converted <= arm.customers, arm.reached >= 0, arm.converted >= 0
      else { throw .inconsistentCounts(name) }
    }
    guard confidence > 0 && confidence < 1 else { throw .confidence(confidence) }
    self.target = target
    self.control = control
    self.confidence = confidence
    contact = ProportionComparison(
      targetSuccesses: target.reached, targetCount: target.customers, controlSuccesses: control.reached,
      controlCount: control.customers, confidence: confidence)
    conversion = ProportionComparison(
      targetSuccesses: target.converted, targetCount: target.customers, controlSuccesses: control.converted,
      controlCount: control.customers, confidence: confidence)
    revenueDifference = target.revenuePerCustomer - control.revenuePerCustomer
    let critical = Normal.quantile(1 - (1 - confidence) / 2)
    let spread =
      (target.revenueVariance / Double(target.customers) + control.revenueVariance / Double(control.customers))
      .squareRoot()
    revenueInterval = ConfidenceInterval(
      lower: revenueDifference - critical * spread, upper: revenueDifference + critical * spread)
    incrementalConversions = conversion.difference * Double(target.customers)
    incrementalRevenue = revenueDifference * Double(target.customers)
    if let costPerContact {
      let cost = costPerContact * Double(target.customers)
      let value =
        target.revenue != 0 || control.revenue != 0
        ? incrementalRevenue : incrementalConversions * (valuePerConversion ?? 0)
      economics = CampaignEconomics(
        cost: cost, budget: budget, incrementalValue: value, returnOnInvestment: cost > 0 ? (value - cost) / cost : .nan
      )
    } else {
      economics = nil
    }
  }
}
