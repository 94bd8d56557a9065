/// How contacted demo customers respond to the demo campaign (a stock-trading app offered by SMS).
///
/// A behavioural model, not a target figure: a customer interested in stocks answers more often,
/// and converts only when the handset can run the app (the brief's lesson: 56 % of the failures
/// wanted the service but had a handset that could not run it).
public enum DemoResponses {
  /// Chance of answering the contact.
  public static func reachProbability(interested: Bool) -> Double { interested ? 0.63 : 0.22 }

  /// Chance of converting once reached.
  public static func conversionProbability(interested: Bool, capable: Bool) -> Double {
    switch (interested, capable) {
    case (true, true): 0.85
    case (true, false): 0.15
    case (false, true): 0.45
    case (false, false): 0.08
    }
  }

  /// Monthly fee of the app, the revenue of one conversion.
  public static let revenuePerConversion = 30.0

  /// One contacted customer's outcome; customer `index` draws from its own stream of `seed`, so
  /// outcomes do not depend on the order customers are simulated in.
  public static func outcome(interested: Bool, capable: Bool, seed: UInt64, index: UInt64)
    -> (reached: Bool, converted: Bool, revenue: Double)
  {
    var random = SplitMix64(seed: seed).split(index)
    let reached = random.nextUnit() < reachProbability(interested: interested)
    let converted = reached && random.nextUnit() < conversionProbability(interested: interested, capable: capable)
    return (reached, converted, converted ? revenuePerConversion : 0)
  }
}
