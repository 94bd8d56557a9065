/// A campaign: what is offered to whom, through which channel, at what cost, and how the control
/// group and suppression are set (`segmenta campaign create --spec campaign.yaml`, docs/campaigns.md).
public struct CampaignSpec: Sendable, Equatable, Codable {
  /// How the campaign reaches customers.
  public enum Channel: String, Sendable, Codable, CaseIterable {
    case sms
    case email
    case call
    case mail
    case store

    /// The kind of contact column the channel needs, if any.
    public var address: ContactKind? {
      switch self {
      case .sms, .call: .phone
      case .email: .email
      case .mail, .store: nil
      }
    }
  }

  /// Phone numbers or e-mail addresses.
  public enum ContactKind: String, Sendable, Codable {
    case phone
    case email
  }

  /// Where the control group comes from.
  public enum ControlMode: String, Sendable, Codable, CaseIterable {
    /// A random share of the selected customers, held out and not contacted: measures what
    /// contacting adds.
    case holdout
    /// Random customers outside the selection, contacted the same way: measures what the targeting
    /// adds (the brief's case).
    case random
  }

  /// At most `contacts` contacts per customer in any `days` days, across all campaigns.
  public struct FrequencyCap: Sendable, Equatable, Codable {
    /// Contacts allowed in the window, this campaign's included.
    public var contacts: Int
    /// The window.
    public var days: Int

    /// Creates a cap.
    public init(contacts: Int, days: Int) {
      self.contacts = contacts
      self.days = days
    }
  }

  /// Unique name.
  public var name: String
  /// The product sold.
  public var product: String
  /// The offer.
  public var offer: String
  /// The rule selecting the target population (a segment choice is turned into a rule).
  public var target: String
  /// The channel.
  public var channel: Channel
  /// Budget, if any.
  public var budget: Double?
  /// Cost of one contact.
  public var costPerContact: Double
  /// Expected value of one conversion.
  public var valuePerConversion: Double?
  /// Share of the contactable customers held out as a random control group.
  public var controlShare: Double
  /// Where the control group comes from.
  public var control: ControlMode
  /// Seed of the random split.
  public var seed: UInt64
  /// Segmentation whose segments stratify the split, if any.
  public var stratifyBy: String?
  /// Most targets on the list.
  public var maximumTargets: Int?
  /// The contact-frequency cap.
  public var frequencyCap: FrequencyCap?
  /// Boolean customer columns that opt a customer out of this channel; nil means the defaults
  /// (`<channel>_opt_out` and `do_not_contact`, where they exist).
  public var optOutColumns: [String]?
  /// The customer column holding the channel's address; nil means the first phone (or e-mail)
  /// column of the workspace.
  public var contactColumn: String?
  /// Contact statuses that exclude a customer (default: dormant and void).
  public var excludedStatuses: [ContactStatus]

  /// Creates a spec.
  public init(
    name: String, product: String, offer: String = "", target: String, channel: Channel, budget: Double? = nil,
    costPerContact: Double = 0, valuePerConversion: Double? = nil, controlShare: Double = 0.1,
    control: ControlMode = .holdout, seed: UInt64 = 1,
    stratifyBy: String? = nil, maximumTargets: Int? = nil, frequencyCap: FrequencyCap? = nil,
    optOutColumns: [String]? = nil, contactColumn: String? = nil, excludedStatuses: [ContactStatus] = [.dormant, .void]
  ) {
    self.name = name
    self.product = product
    self.offer = offer
    self.target = target
    self.channel = channel
    self.budget = budget
    self.costPerContact = costPerContact
    self.valuePerConversion = valuePerConversion
    self.controlShare = controlShare
    self.control = control
    self.seed = seed
    self.stratifyBy = stratifyBy
    self.maximumTargets = maximumTargets
    self.frequencyCap = frequencyCap
    self.optOutColumns = optOutColumns
    self.contactColumn = contactColumn
    self.excludedStatuses = excludedStatuses
  }

  /// Decodes a stored spec; keys added in later versions take their defaults when absent.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    product = try c.decode(String.self, forKey: .product)
    offer = try c.decodeIfPresent(String.self, forKey: .offer) ?? ""
    target = try c.decode(String.self, forKey: .target)
    channel = try c.decode(Channel.self, forKey: .channel)
    budget = try c.decodeIfPresent(Double.self, forKey: .budget)
    costPerContact = try c.decodeIfPresent(Double.self, forKey: .costPerContact) ?? 0
    valuePerConversion = try c.decodeIfPresent(Double.self, forKey: .valuePerConversion)
    controlShare = try c.decodeIfPresent(Double.self, forKey: .controlShare) ?? 0.1
    control = try c.decodeIfPresent(ControlMode.self, forKey: .control) ?? .holdout
    seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
    stratifyBy = try c.decodeIfPresent(String.self, forKey: .stratifyBy)
    maximumTargets = try c.decodeIfPresent(Int.self, forKey: .maximumTargets)
    frequencyCap = try c.decodeIfPresent(FrequencyCap.self, forKey: .frequencyCap)
    optOutColumns = try c.decodeIfPresent([String].self, forKey: .optOutColumns)
    contactColumn = try c.decodeIfPresent(String.self, forKey: .contactColumn)
    excludedStatuses = try c.decodeIfPresent([ContactStatus].self, forKey: .excludedStatuses) ?? [.dormant, .void]
  }
}
