/// One customer's outcome of a campaign.
public struct CampaignResponse: Sendable, Equatable {
  /// The customer's key.
  public var key: Int64
  /// When the contact happened (ISO 8601 in UTC), if known.
  public var contactedAt: String?
  /// Whether the contact reached the customer.
  public var reached: Bool
  /// Whether the customer converted (took the offer).
  public var converted: Bool
  /// Revenue from the conversion.
  public var revenue: Double

  /// Creates a response.
  public init(key: Int64, contactedAt: String?, reached: Bool, converted: Bool, revenue: Double) {
    self.key = key
    self.contactedAt = contactedAt
    self.reached = reached
    self.converted = converted
    self.revenue = revenue
  }
}
