import RealModule

/// Measures of how well churn scores rank and estimate the churners.
public enum ChurnMetrics {
  /// The area under the ROC curve of `scores` for the binary `labels` (true = churned).
  ///
  /// AUC = (Σ rank(churner) − n₁(n₁ + 1)/2) / (n₁ · n₀), ranks ascending with ties given their mean
  /// rank (the Mann–Whitney statistic); equals scikit-learn's `roc_auc_score`. NaN when one class is
  /// absent.
  public static func auc(scores: [Double], labels: [Bool]) -> Double {
    precondition(scores.count == labels.count, "\(scores.count) scores for \(labels.count) labels")
    let order = ValueOrder.rows(Array(scores.indices), by: scores)
    var positives = 0.0
    var rankSum = 0.0
    var start = 0
    while start < order.count {
      var end = start + 1
      while end < order.count && scores[order[end]] == scores[order[start]] { end += 1 }
      // Ranks start..<end (1-based start+1 … end) share their mean.
      let meanRank = Double(start + 1 + end) / 2
      for position in start..<end where labels[order[position]] {
        rankSum += meanRank
        positives += 1
      }
      start = end
    }
    let negatives = Double(labels.count) - positives
    guard positives > 0 && negatives > 0 else { return .nan }
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
  }

  /// The decile gains table: customers ranked by score, highest first, cut into `groups` groups of
  /// ⌊n/groups⌋ or ⌈n/groups⌉ customers (group g holds ranks ⌊g·n/groups⌋ ..< ⌊(g+1)·n/groups⌋; equal
  /// scores are ordered by row so the table is reproducible).
  public static func gains(scores: [Double], labels: [Bool], groups: Int = 10) -> [GainsRow] {
    precondition(scores.count == labels.count, "\(scores.count) scores for \(labels.count) labels")
    let n = scores.count
    let order = ValueOrder.rows(Array(scores.indices), by: scores, descending: true)
    let totalChurners = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    let baseRate = n > 0 ? Double(totalChurners) / Double(n) : .nan
    var rows: [GainsRow] = []
    var cumulativeCustomers = 0
    var cumulativeChurners = 0
    for group in 0..<groups {
      let range = (group * n / groups)..<((group + 1) * n / groups)
      var churners = 0
      var scoreSum = 0.0
      var minimum = Double.infinity
      for position in range {
        if labels[order[position]] { churners += 1 }
        scoreSum += scores[order[position]]
        minimum = min(minimum, scores[order[position]])
      }
      cumulativeCustomers += range.count
      cumulativeChurners += churners
      let rate = range.isEmpty ? Double.nan : Double(churners) / Double(range.count)
      let cumulativeRate =
        cumulativeCustomers == 0 ? Double.nan : Double(cumulativeChurners) / Double(cumulativeCustomers)
      rows.append(
        GainsRow(
          decile: group + 1, customers: range.count, churners: churners, churnRate: rate,
          meanScore: range.isEmpty ? .nan : scoreSum / Double(range.count),
          minimumScore: range.isEmpty ? .nan : minimum,
          cumulativeCustomerShare: n == 0 ? .nan : Double(cumulativeCustomers) / Double(n),
          cumulativeChurnerShare: totalChurners == 0 ? .nan : Double(cumulativeChurners) / Double(totalChurners),
          lift: baseRate > 0 ? rate / baseRate : .nan, cumulativeLift: baseRate > 0 ? cumulativeRate / baseRate : .nan))
    }
    return rows
  }

  /// The calibration table: scores cut into `bins` equal-width bins of [0, 1] (the last one closed),
  /// with each bin's mean score and observed churn rate; equals scikit-learn's
  /// `calibration_curve(strategy="uniform")` on its non-empty bins.
  public static func calibration(scores: [Double], labels: [Bool], bins: Int = 10) -> [CalibrationBin] {
    precondition(scores.count == labels.count, "\(scores.count) scores for \(labels.count) labels")
    var counts = [Int](repeating: 0, count: bins)
    var churners = [Int](repeating: 0, count: bins)
    var sums = [Double](repeating: 0, count: bins)
    for (score, label) in zip(scores, labels) {
      let bin = min(bins - 1, max(0, Int(score * Double(bins))))
      counts[bin] += 1
      sums[bin] += score
      if label { churners[bin] += 1 }
    }
    var table: [CalibrationBin] = []
    for bin in 0..<bins {
      let count = Double(counts[bin])
      let mean: Double = counts[bin] == 0 ? .nan : sums[bin] / count
      let rate: Double = counts[bin] == 0 ? .nan : Double(churners[bin]) / count
      table.append(
        CalibrationBin(
          lower: Double(bin) / Double(bins), upper: Double(bin + 1) / Double(bins), customers: counts[bin],
          meanScore: mean, churnRate: rate))
    }
    return table
  }

  /// The mean log loss −(1/n) Σ [y log p + (1 − y) log(1 − p)], p clipped to [1e-15, 1 − 1e-15]
  /// (scikit-learn's `log_loss`).
  public static func logLoss(scores: [Double], labels: [Bool]) -> Double {
    guard !scores.isEmpty else { return .nan }
    var total = 0.0
    for (score, label) in zip(scores, labels) {
      let p = min(max(score, 1e-15), 1 - 1e-15)
      total -= label ? Double.log(p) : Double.log(1 - p)
    }
    return total / Double(scores.count)
  }
}

/// One group of the gains table: customers of one score decile and how many of them churned.
public struct GainsRow: Sendable, Equatable, Codable {
  /// 1 for the highest scores.
  public var decile: Int
  /// Customers in the decile.
  public var customers: Int
  /// Churners among them.
  public var churners: Int
  /// churners / customers.
  public var churnRate: Double
  /// The mean score of the decile.
  public var meanScore: Double
  /// The lowest score of the decile.
  public var minimumScore: Double
  /// Customers in this and the higher deciles over all customers.
  public var cumulativeCustomerShare: Double
  /// Churners in this and the higher deciles over all churners (the gain).
  public var cumulativeChurnerShare: Double
  /// The decile's churn rate over the overall churn rate.
  public var lift: Double
  /// The churn rate of this and the higher deciles over the overall churn rate.
  public var cumulativeLift: Double

  /// Creates a row of the gains table.
  public init(
    decile: Int, customers: Int, churners: Int, churnRate: Double, meanScore: Double, minimumScore: Double,
    cumulativeCustomerShare: Double, cumulativeChurnerShare: Double, lift: Double, cumulativeLift: Double
  ) {
    self.decile = decile
    self.customers = customers
    self.churners = churners
    self.churnRate = churnRate
    self.meanScore = meanScore
    self.minimumScore = minimumScore
    self.cumulativeCustomerShare = cumulativeCustomerShare
    self.cumulativeChurnerShare = cumulativeChurnerShare
    self.lift = lift
    self.cumulativeLift = cumulativeLift
  }
}

/// One bin of the calibration table: predicted against observed churn.
public struct CalibrationBin: Sendable, Equatable, Codable {
  /// The bin's lowest score.
  public var lower: Double
  /// The bin's upper bound (exclusive, except 1 for the last bin).
  public var upper: Double
  /// Customers whose score falls in the bin.
  public var customers: Int
  /// Their mean score (NaN when the bin is empty).
  public var meanScore: Double
  /// Their observed churn rate (NaN when the bin is empty).
  public var churnRate: Double

  /// Creates a calibration bin.
  public init(lower: Double, upper: Double, customers: Int, meanScore: Double, churnRate: Double) {
    self.lower = lower
    self.upper = upper
    self.customers = customers
    self.meanScore = meanScore
    self.churnRate = churnRate
  }
}
