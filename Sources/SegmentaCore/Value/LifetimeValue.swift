import RealModule

/// Discounted customer lifetime value from a BG/NBD model and a Gamma-Gamma model, as lifetimes'
/// `GammaGammaFitter.customer_lifetime_value`.
public enum LifetimeValue {
  /// Time units in one month, as lifetimes' `_customer_lifetime_value` counts them: 30 days or
  /// 4.345 weeks.
  public static func unitsPerMonth(_ unit: ValueTimeUnit) -> Double {
    switch unit {
    case .days: 30
    case .weeks: 4.345
    }
  }

  /// CLV = Σᵢ₌₁..H E[M] · (E[X(iκ)] − E[X((i−1)κ)]) / (1 + d)ⁱ, where κ is the time units in a month,
  /// H the horizon in months, d the monthly discount rate, E[X(t)] the BG/NBD conditional expected
  /// purchases and E[M] the Gamma-Gamma expected average value.
  public static func value(
    purchases: BetaGeoModel, spend: GammaGammaModel, frequency x: Double, recency tx: Double, age: Double,
    monetaryValue m: Double, months: Int, discount: Double, unit: ValueTimeUnit
  ) -> Double {
    let average = spend.expectedAverageValue(frequency: x, monetaryValue: m)
    let factor = unitsPerMonth(unit)
    var total = 0.0
    var previous = 0.0
    for month in stride(from: 1, through: months, by: 1) {
      let expected = purchases.expectedPurchases(in: Double(month) * factor, frequency: x, recency: tx, age: age)
      total += average * (expected - previous) / Double.pow(1 + discount, Double(month))
      previous = expected
    }
    return total
  }

  /// Every customer's predictions from a BG/NBD model and, when its q > 1, a Gamma-Gamma model.
  public struct Predictions: Sendable, Equatable {
    /// P(alive | x, tₓ, T).
    public var probabilityAlive: [Double]
    /// E[X(t) | x, tₓ, T] over the horizon.
    public var expectedPurchases: [Double]
    /// E[M | x, m̄]; missing (NaN) without a usable Gamma-Gamma model.
    public var expectedSpend: [Double]
    /// The discounted lifetime value over the horizon; missing (NaN) without a usable Gamma-Gamma model.
    public var value: [Double]
  }

  /// P(alive), the expected purchases over `months` months, the expected spend and the discounted
  /// value of every customer; each equals the one-customer functions
  /// (``BetaGeoModel/probabilityAlive(frequency:recency:age:)``,
  /// ``BetaGeoModel/expectedPurchases(in:frequency:recency:age:)``,
  /// ``GammaGammaModel/expectedAverageValue(frequency:monetaryValue:)``,
  /// ``value(purchases:spend:frequency:recency:age:monetaryValue:months:discount:unit:)``), and any
  /// result that is not finite is missing (NaN).
  ///
  /// E[X(t) | x, tₓ, T] = P(alive) · E[X(t) | alive, x, T], and the second factor does not depend on
  /// the recency; so CLV = E[M] · P(alive) · Σᵢ (E[X(iκ) | alive] − E[X((i−1)κ) | alive]) / (1+d)ⁱ,
  /// and the hypergeometric sums are computed once per distinct (frequency, age) pair (a few
  /// thousand among a million customers) rather than `months` times per customer.
  public static func predictions(
    purchases: BetaGeoModel, spend: GammaGammaModel?, frequency: [Double], recency: [Double], age: [Double],
    monetaryValue: [Double], months: Int, discount: Double, unit: ValueTimeUnit
  ) -> Predictions {
    let n = frequency.count
    let factor = unitsPerMonth(unit)
    let horizon = Double(months) * factor
    let pairs = FrequencyAgePairs(frequency: frequency, age: age)
    // Per pair: E[X(horizon) | alive] and the discounted sum of its monthly increments.
    let discountFactors = (0...max(0, months)).map { 1 / Double.pow(1 + discount, Double($0)) }
    let pairValues = SharedBuffer<Double>(count: 2 * pairs.count, zeroed: false)
    let pairTarget = SharedMutablePointer(pairValues.pointer)
    Parallel.forEachChunk(rows: pairs.count, size: 256) { _, range in
      for p in range {
        let x = pairs.frequency[p]
        let t = pairs.age[p]
        var total = 0.0
        var previous = 0.0
        var last = 0.0
        for month in stride(from: 1, through: months, by: 1) {
          let expected = purchases.expectedPurchasesIfAlive(in: Double(month) * factor, frequency: x, age: t)
          total += (expected - previous) * discountFactors[month]
          previous = expected
          last = expected
        }
        pairTarget.base[2 * p] =
          months > 0 ? last : purchases.expectedPurchasesIfAlive(in: horizon, frequency: x, age: t)
        pairTarget.base[2 * p + 1] = total
      }
    }
    let usableSpend = spend.flatMap { $0.q > 1 ? $0 : nil }
    let output = SharedBuffer<Double>(count: 4 * n, zeroed: false)
    let target = SharedMutablePointer(output.pointer)
    let pairResults = SharedPointer(UnsafePointer(pairValues.pointer))
    Parallel.forEachChunk(rows: n) { _, range in
      for i in range {
        let x = frequency[i]
        let alive = purchases.probabilityAlive(frequency: x, recency: recency[i], age: age[i])
        let pair = Int(pairs.pairOfCustomer[i])
        let expected = horizon > 0 ? alive * pairResults.base[2 * pair] : 0
        var average = Double.nan
        var value = Double.nan
        if let usableSpend {
          average = usableSpend.expectedAverageValue(frequency: x, monetaryValue: monetaryValue[i])
          value = average * alive * pairResults.base[2 * pair + 1]
        }
        target.base[i] = alive.isFinite ? alive : .nan
        target.base[n + i] = expected.isFinite ? expected : .nan
        target.base[2 * n + i] = average.isFinite ? average : .nan
        target.base[3 * n + i] = value.isFinite ? value : .nan
      }
    }
    let all = output.buffer
    return Predictions(
      probabilityAlive: Array(all[0..<n]), expectedPurchases: Array(all[n..<2 * n]),
      expectedSpend: Array(all[2 * n..<3 * n]), value: Array(all[3 * n..<4 * n]))
  }
}
