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
}
