/// A member of a campaign's target or control group.
public struct CampaignMember: Sendable, Equatable {
  /// The customer's key.
  public var key: Int64
  /// Target (true) or control.
  public var isTarget: Bool
  /// The stratum (1-based segment) when the split was stratified.
  public var stratum: Int32?

  /// Creates a member.
  public init(key: Int64, isTarget: Bool, stratum: Int32?) {
    self.key = key
    self.isTarget = isTarget
    self.stratum = stratum
  }
}
