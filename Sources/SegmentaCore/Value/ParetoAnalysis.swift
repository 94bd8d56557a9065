/// The concentration of a value over customers: the 80/20 figures, the Lorenz curve, the Gini
/// coefficient and value tiers by cumulative share.
public struct ParetoAnalysis: Sendable, Equatable, Codable {
  /// One point of the Lorenz curve.
  public struct Point: Sendable, Equatable, Codable {
    /// Share of customers, poorest first (0…1).
    public var customers: Double
    /// Their share of the total value (0…1).
    public var value: Double
  }

  /// Customers with a value (missing values are left out).
  public var customers: Int
  /// The total value.
  public var total: Double
  /// Share of the total from the top 20 % of customers (nil when the total is not positive).
  public var topFifthShare: Double?
  /// The smallest share of customers, richest first, whose values reach 80 % of the total.
  public var customersForFourFifths: Double?
  /// The Gini coefficient G = Σᵢ (2i − n − 1) xᵢ / (n Σ x) over values sorted ascending (i from 1);
  /// nil when the total is not positive.
  public var gini: Double?
  /// The Lorenz curve at 101 points (every 1 % of customers).
  public var lorenz: [Point]
  /// The tiers' upper cumulative shares, richest first (for example 0.80, 0.95, 1).
  public var tierBounds: [Double]
  /// Customers in each tier.
  public var tierSizes: [Int]
  /// Value held by each tier.
  public var tierValues: [Double]

  /// Analyses `values` (NaN missing) and puts each customer in a tier.
  ///
  /// Walking customers from the highest value down, a customer belongs to the first tier whose bound
  /// their cumulative share before them has not reached. `tiers` are percentages of value (default 80, 15, 5), summing to 100.
  ///
  /// Returns the analysis and each row's tier (0 the highest, −1 for a missing value). Ties are broken
  /// by row order, so equal values at a boundary may fall in different tiers.
  public static func analyse(_ values: [Double], tiers: [Double] = [80, 15, 5]) -> (ParetoAnalysis, [Int32]) {
    let present = values.indices.filter { !values[$0].isNaN }
    let n = present.count
    let order = ValueOrder.rows(present, by: values, descending: true)
    var total = 0.0
    for i in order.reversed() { total += values[i] }
    var tier = [Int32](repeating: -1, count: values.count)
    let totalShare = tiers.reduce(0, +)
    var bounds: [Double] = []
    var running = 0.0
    for t in tiers {
      running += t
      bounds.append(running / totalShare)
    }
    var sizes = [Int](repeating: 0, count: tiers.count)
    var tierValues = [Double](repeating: 0, count: tiers.count)
    var cumulative = 0.0
    var forFourFifths: Double?
    var topFifth = 0.0
    let topCount = Int((Double(n) * 0.2).rounded(.up))
    for (rank, row) in order.enumerated() {
      let share = total > 0 ? cumulative / total : 0
      var t = bounds.firstIndex { share < $0 - 1e-12 } ?? (bounds.count - 1)
      if total <= 0 { t = bounds.count - 1 }
      tier[row] = Int32(t)
      sizes[t] += 1
      tierValues[t] += values[row]
      cumulative += values[row]
      if rank < topCount { topFifth += values[row] }
      if forFourFifths == nil && total > 0 && cumulative >= 0.8 * total - 1e-9 * abs(total) {
        forFourFifths = Double(rank + 1) / Double(n)
      }
    }
    var lorenz: [Point] = []
    var gini: Double?
    if n > 0 && total > 0 {
      var prefix = [Double](repeating: 0, count: n + 1)
      var weighted = 0.0
      for (i, row) in order.reversed().enumerated() {
        prefix[i + 1] = prefix[i] + values[row]
        weighted += Double(2 * (i + 1) - n - 1) * values[row]
      }
      gini = weighted / (Double(n) * total)
      for step in 0...100 {
        let position = Double(n) * Double(step) / 100
        let below = Int(position.rounded(.down))
        let fraction = position - Double(below)
        var value = prefix[below]
        if below < n { value += fraction * (prefix[below + 1] - prefix[below]) }
        lorenz.append(Point(customers: Double(step) / 100, value: value / total))
      }
    }
    let analysis = ParetoAnalysis(
      customers: n, total: total, topFifthShare: total > 0 ? topFifth / total : nil,
      customersForFourFifths: forFourFifths, gini: gini, lorenz: lorenz, tierBounds: bounds, tierSizes: sizes,
      tierValues: tierValues)
    return (analysis, tier)
  }
}
