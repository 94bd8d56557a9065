/// Money figures of a campaign: what contacting the targets cost and what it returned.
public struct CampaignEconomics: Sendable, Equatable {
  /// The cost of contacting every target: cost per contact × targets.
  public var cost: Double
  /// The campaign's budget, when it has one.
  public var budget: Double?
  /// The value the lift brought: the incremental revenue when revenue was recorded, otherwise the
  /// incremental conversions times the expected value per conversion.
  public var incrementalValue: Double
  /// The return on investment, (incremental value − cost) ÷ cost; NaN when the cost is 0.
  public var returnOnInvestment: Double
}
