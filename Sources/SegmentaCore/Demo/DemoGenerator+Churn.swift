import RealModule

extension DemoGenerator {
  /// The probability that `customer` (customer `index`) churns in the period after the demo's
  /// window: σ(−2 − 2.2·ln a + 0.5·min(4, h·a) + 1·[tenure < 365 days]), where a is the customer's
  /// activity level (the multiplier of all their usage: below 1 is falling usage), h·a their expected
  /// service-hotline calls (complaints) and the last term short tenure.
  public func churnProbability(of customer: Customer, index: Int) -> Double {
    var usage = stream(index).split(0xE7E7)
    let activity = usage.nextLogNormal(mu: -0.08, sigma: 0.4)
    let group = DemoGroup.all[customer.group]
    let tenure = Self.referenceDay - customer.startDay
    let logit =
      -2 - 2.2 * Double.log(activity) + 0.5 * min(4, group.hotline * activity) + (tenure < 365 ? 1 : 0)
    return 1 / (1 + Double.exp(-logit))
  }

  /// Whether customer `index` churns in the period after the window, drawn from its own random
  /// stream with ``churnProbability(of:index:)``.
  public func churned(_ customer: Customer, index: Int) -> Bool {
    var rng = stream(index).split(0xC4C4)
    return rng.nextUnit() < churnProbability(of: customer, index: index)
  }
}
