import RealModule

extension DemoGenerator {
  /// One top-up or bill payment of a demo customer.
  public struct TopUp: Sendable, Equatable {
    /// The day (days since 1970-01-01).
    public var day: Int
    /// The amount in yuan, rounded to fen.
    public var amount: Double
  }

  /// Customer `index`'s top-ups and bill payments over the 90-day window, in time order; `topUps` is
  /// cleared first.
  ///
  /// Spend is skewed as operators see it: a monthly level log-normal around the planted group's ARPU
  /// (σ = 1.2, so value follows the segments), times a Pareto tail (α = 1.3) for the few heavy payers
  /// (about 5 %, more in the richer groups); a customer pays 1 + Poisson(1 + level / 30) times, and one
  /// in four stops paying at a uniform day of the window (lapsing), so recency carries information. The
  /// stream is the customer's own (split from the events'), so adding top-ups changes no other data.
  public func topUps(of index: Int, into topUps: inout [TopUp]) {
    topUps.removeAll(keepingCapacity: true)
    var rng = SplitMix64(seed: seed).split(UInt64(index)).split(0x70B0)
    let g = DemoGroup.all[group(of: index)]
    var level = g.arpu * rng.nextLogNormal(mu: -0.72, sigma: 1.2)
    if rng.nextBool(probability: 0.05 * g.arpu / 70) {
      level *= min(60, Double.pow(1 - rng.nextUnit(), -1 / 1.3))
    }
    let activeDays = rng.nextBool(probability: 0.25) ? 1 + Int(rng.next() % UInt64(Self.dayCount)) : Self.dayCount
    let count = min(60, 1 + rng.nextPoisson(1 + level / 30))
    let total = level * 3 * Double(activeDays) / Double(Self.dayCount)
    for _ in 0..<count {
      let amount = max(1, (total / Double(count) * rng.nextLogNormal(mu: -0.045, sigma: 0.3) * 100).rounded() / 100)
      topUps.append(TopUp(day: Self.firstDay + Int(rng.next() % UInt64(activeDays)), amount: amount))
    }
    topUps.sort { $0.day < $1.day }
  }
}
