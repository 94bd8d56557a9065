/// Who a campaign must not contact, and why: the suppression applied before the split into target
/// and control groups.
///
/// Every input holds one entry per customer (in the caller's customer order). A customer is
/// suppressed under the first reason that applies, in ``ExclusionReason`` order: opted out of the
/// channel, marked do-not-contact, dormant or void, without a usable address for the channel,
/// over the frequency cap.
public struct SuppressionPolicy: Sendable {
  /// Opted out of the campaign's channel.
  public var optedOut: [Bool]
  /// Marked do-not-contact on every channel.
  public var doNotContact: [Bool]
  /// Holding a contact status the campaign excludes (dormant, void).
  public var excludedStatus: [Bool]
  /// Having a usable address for the channel; nil when the channel needs none.
  public var hasAddress: [Bool]?
  /// Contacted as often as the frequency cap allows within its window.
  public var capped: [Bool]

  /// Creates the policy from per-customer flags.
  public init(
    optedOut: [Bool], doNotContact: [Bool], excludedStatus: [Bool], hasAddress: [Bool]?, capped: [Bool]
  ) {
    self.optedOut = optedOut
    self.doNotContact = doNotContact
    self.excludedStatus = excludedStatus
    self.hasAddress = hasAddress
    self.capped = capped
  }

  /// The first reason customer `row` must not be contacted, nil when they may be.
  public func reason(_ row: Int) -> ExclusionReason? {
    if optedOut[row] { return .optedOut }
    if doNotContact[row] { return .doNotContact }
    if excludedStatus[row] { return .contactStatus }
    if let hasAddress, !hasAddress[row] { return .noContactAddress }
    if capped[row] { return .frequencyCap }
    return nil
  }

  /// Whether `address` is usable for a channel that needs `kind`: a valid phone number (see
  /// ``ContactSafety/phone(_:)``) or text with an `@`.
  public static func isUsable(_ address: String?, for kind: CampaignSpec.ContactKind) -> Bool {
    let text = address.map { String(ContactSafety.trimmed($0)) } ?? ""
    switch kind {
    case .phone: return ContactSafety.phone(text) != nil
    case .email: return text.contains("@")
    }
  }
}
