import RealModule

/// Target against control on one proportion (contact or conversion): the difference, the lift, the
/// z-test and Fisher's exact test, as statsmodels and scipy compute them.
public struct ProportionComparison: Sendable, Equatable {
  /// The target group's rate, successes ÷ customers.
  public var targetRate: Double
  /// The control group's rate, successes ÷ customers.
  public var controlRate: Double
  /// The difference of rates, target rate − control rate.
  public var difference: Double
  /// The Wald interval of the difference, with the unpooled variance p(1 − p)/n of each arm.
  public var differenceInterval: ConfidenceInterval
  /// Target rate ÷ control rate (the lift, "×2.52"); infinite when the control rate is 0.
  public var ratio: Double
  /// The log (Katz) interval of the ratio; nil when either arm has no successes.
  public var ratioInterval: ConfidenceInterval?
  /// The pooled two-proportion z statistic (statsmodels' `proportions_ztest`); 0 when every
  /// customer of both arms succeeded or none did.
  public var z: Double
  /// The two-sided p-value of `z`.
  public var pValue: Double
  /// Fisher's exact two-sided p-value of the 2 × 2 table (scipy's `fisher_exact`).
  public var fisherPValue: Double
  /// The smallest expected cell count of the 2 × 2 table; below 5 the exact test is the one to read.
  public var smallestExpectedCount: Double

  /// Compares `targetSuccesses` of `targetCount` with `controlSuccesses` of `controlCount` at the
  /// `confidence` level (0.95 for 95 % intervals).
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
