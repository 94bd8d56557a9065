import RealModule

/// The outcomes of one arm (target or control) of a campaign or experiment.
public struct ArmOutcome: Sendable, Equatable {
  /// Customers in the arm.
  public var customers: Int
  /// Customers reached (a contact attempt succeeded).
  public var reached: Int
  /// Customers who converted.
  public var converted: Int
  /// Total revenue.
  public var revenue: Double
  /// Σ revenue², for the variance of revenue per customer.
  public var revenueSquares: Double

  /// Creates a value.
  public init(customers: Int = 0, reached: Int = 0, converted: Int = 0, revenue: Double = 0, revenueSquares: Double = 0)
  {
    self.customers = customers
    self.reached = reached
    self.converted = converted
    self.revenue = revenue
    self.revenueSquares = revenueSquares
  }

  /// Adds one customer's outcome.
  public mutating func add(reached: Bool, converted: Bool, revenue: Double) {
    customers += 1
    if reached { self.reached += 1 }
    if converted { self.converted += 1 }
    self.revenue += revenue
    revenueSquares += revenue * revenue
  }

  /// Reached ÷ customers (接触成功率).
  public var contactRate: Double { Double(reached) / Double(customers) }
  /// Converted ÷ customers (营销成功率).
  public var conversionRate: Double { Double(converted) / Double(customers) }
  /// Revenue ÷ customers.
  public var revenuePerCustomer: Double { revenue / Double(customers) }
  /// The sample variance (n − 1 denominator) of revenue per customer.
  public var revenueVariance: Double {
    guard customers > 1 else { return .nan }
    let mean = revenuePerCustomer
    return max(0, (revenueSquares - Double(customers) * mean * mean) / Double(customers - 1))
  }
}

/// A two-sided confidence interval.
public struct ConfidenceInterval: Sendable, Equatable {
  /// Lower end.
  public var lower: Double
  /// Upper end.
  public var upper: Double
  /// Creates a value.
  public init(lower: Double, upper: Double) {
    self.lower = lower
    self.upper = upper
  }
}

/// Target against control on one proportion (contact or conversion).
public struct ProportionComparison: Sendable, Equatable {
  /// Target group rate.
  public var targetRate: Double
  /// Control group rate.
  public var controlRate: Double
  /// Target rate − control rate, with its Wald interval (unpooled variance).
  public var difference: Double
  /// Wald interval of the difference.
  public var differenceInterval: ConfidenceInterval
  /// Target rate ÷ control rate (the lift, "×2.52"); infinite when the control rate is 0.
  public var ratio: Double
  /// The log (Katz) interval of the ratio; nil when either arm has no successes.
  public var ratioInterval: ConfidenceInterval?
  /// The pooled two-proportion z statistic and its two-sided p-value.
  public var z: Double
  /// Two-sided p-value.
  public var pValue: Double
  /// Fisher's exact two-sided p-value.
  public var fisherPValue: Double
  /// The smallest expected cell count of the 2 × 2 table; below 5 the exact test is the one to read.
  public var smallestExpectedCount: Double

  /// Compares `targetSuccesses` of `targetCount` with `controlSuccesses` of `controlCount`.
  public init(
    targetSuccesses x1: Int, targetCount n1: Int, controlSuccesses x2: Int, controlCount n2: Int, confidence: Double
  ) {
    let p1 = Double(x1) / Double(n1)
    let p2 = Double(x2) / Double(n2)
    let critical = Normal.quantile(1 - (1 - confidence) / 2)
    targetRate = p1
    controlRate = p2
    difference = p1 - p2
    let spread = (p1 * (1 - p1) / Double(n1) + p2 * (1 - p2) / Double(n2)).squareRoot()
    differenceInterval = ConfidenceInterval(
      lower: difference - critical * spread, upper: difference + critical * spread)
    ratio = p1 / p2
    if x1 > 0 && x2 > 0 {
      let logSpread = (1 / Double(x1) - 1 / Double(n1) + 1 / Double(x2) - 1 / Double(n2)).squareRoot()
      let logRatio = Double.log(ratio)
      ratioInterval = ConfidenceInterval(
        lower: Double.exp(logRatio - critical * logSpread), upper: Double.exp(logRatio + critical * logSpread))
    } else {
      ratioInterval = nil
    }
    let pooled = Double(x1 + x2) / Double(n1 + n2)
    let pooledSpread = (pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))).squareRoot()
    if pooledSpread > 0 {
      z = difference / pooledSpread
      pValue = Normal.twoSidedTail(z)
    } else {
      // Every customer in both arms succeeded, or none did: no evidence of a difference.
      z = 0
      pValue = 1
    }
    fisherPValue = FisherExact.twoSided(x1, n1 - x1, x2, n2 - x2)
    let total = Double(n1 + n2)
    let successes = Double(x1 + x2)
    smallestExpectedCount = min(
      Double(n1) * successes / total, Double(n1) * (total - successes) / total, Double(n2) * successes / total,
      Double(n2) * (total - successes) / total)
  }
}

/// Money figures of a campaign: what contacting the targets cost and what it returned.
public struct CampaignEconomics: Sendable, Equatable {
  /// Cost of contacting every target.
  public var cost: Double
  /// The campaign's budget, when it has one.
  public var budget: Double?
  /// The value the lift brought: the incremental revenue when revenue was recorded, otherwise the
  /// incremental conversions times the expected value per conversion.
  public var incrementalValue: Double
  /// (incremental value − cost) ÷ cost.
  public var returnOnInvestment: Double
}

/// The evaluation of a campaign or any experiment against its random control group.
public struct ExperimentEvaluation: Sendable, Equatable {
  /// The target group.
  public var target: ArmOutcome
  /// The control group.
  public var control: ArmOutcome
  /// Confidence level of the intervals.
  public var confidence: Double
  /// Contact success rate, target against control.
  public var contact: ProportionComparison
  /// Conversion rate, target against control.
  public var conversion: ProportionComparison
  /// Revenue per customer, target − control, with a normal-approximation interval (Welch's
  /// unpooled standard error).
  public var revenueDifference: Double
  /// Its interval.
  public var revenueInterval: ConfidenceInterval
  /// Conversions and revenue the campaign added over what the targets would have done untouched:
  /// (target rate − control rate) × targets.
  public var incrementalConversions: Double
  /// Revenue added by the campaign.
  public var incrementalRevenue: Double
  /// Cost and return, when the campaign's cost per contact is known.
  public var economics: CampaignEconomics?

  /// Evaluates `target` against `control`.
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

/// Why an evaluation cannot be computed.
public enum EvaluationError: Error, Equatable, CustomStringConvertible {
  case emptyArm(String)
  case inconsistentCounts(String)
  case confidence(Double)

  /// What went wrong.
  public var description: String {
    switch self {
    case .emptyArm(let arm): "the \(arm) group has no customers; an evaluation needs both a target and a control group"
    case .inconsistentCounts(let arm): "the \(arm) group has more reached or converted customers than members"
    case .confidence(let value): "confidence \(value) must lie strictly between 0 and 1"
    }
  }
}
