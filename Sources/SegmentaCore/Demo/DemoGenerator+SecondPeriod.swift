import RealModule

extension DemoGenerator {
  /// The label of the second period (the 90 days after the first window).
  public static let secondPeriod = "2024Q2"
  /// First day of the second window: the first window's reference date (2024-03-31).
  public static var secondFirstDay: Int { referenceDay }
  /// The second window's reference date (2024-06-29).
  public static var secondReferenceDay: Int { referenceDay + dayCount }
  /// The share of customers still there in the second period whose behaviour changes to another group's.
  public static let moverShare = 0.12
  /// Customers joining in the second period, as a share of the first period's customers.
  public static let newCustomerShare = 0.05

  /// Where a customer whose behaviour changes goes, by planted group (C1 … C8): relative weights of the
  /// other groups, after the brief's groups (price-sensitive users move to SMS bundles or the own network,
  /// young own-network users to busy business, PHS users to the own network, business users abroad …).
  static let moves: [[Double]] = [
    [0, 3, 1, 3, 1, 0.5, 0, 0.5],  // C1 price-sensitive
    [3, 0, 0, 4, 0.5, 0.5, 0, 0.5],  // C2 SMS experts
    [4, 0.5, 0, 1, 1, 0.5, 0.5, 1],  // C3 IP long-distance
    [1, 2, 0.5, 0, 1, 0, 0.5, 4],  // C4 own network
    [1, 0.5, 0.5, 4, 0, 0.5, 0, 1.5],  // C5 rival network
    [2, 1, 0.5, 4, 1, 0, 0, 0.5],  // C6 PHS
    [0.5, 0, 0.5, 0.5, 0, 0, 0, 5],  // C7 international
    [1, 0, 1, 2, 1, 0, 3, 0],  // C8 busy business
  ]

  /// The number of customers joining in the second period (ids after the first period's).
  public var newCustomerCount: Int { Int((Double(customerCount) * Self.newCustomerShare).rounded()) }

  /// Whether customer `index` is one who joins in the second period.
  public func isNew(_ index: Int) -> Bool { index >= customerCount }

  /// The planted group of customer `index` in the second period; nil for a customer who churned (see
  /// ``churned(_:index:)``), who leaves during it.
  ///
  /// A customer of the first period keeps their group, except a share of ``moverShare`` who take another
  /// by ``moves``; a new customer draws a group as the first period's customers did.
  public func secondGroup(of index: Int) -> Int? {
    let first = group(of: index)
    guard !isNew(index) else { return first }
    if churned(customer(index), index: index) { return nil }
    var rng = stream(index).split(0x5E5E)
    guard rng.nextUnit() < Self.moverShare else { return first }
    return rng.nextIndex(weights: Self.moves[first])
  }

  /// Customer `index` as the second period's customer file has them: a new customer starts on a day of
  /// the second window; the others are as in the first period.
  public func secondPeriodCustomer(_ index: Int) -> Customer {
    var customer = customer(index)
    if isNew(index) {
      var rng = stream(index).split(0x57A2)
      customer.startDay = Self.secondFirstDay + Int(rng.next() % UInt64(Self.dayCount))
    }
    return customer
  }

  /// Customer `index`'s events over the second window, in time order; `events` is cleared first.
  ///
  /// A customer keeps their first-period activity level, drifted by a log-normal factor (σ = 0.15), and
  /// behaves as their second-period group; one who churned behaves as before until a uniform day of the
  /// window and has no event after it; a new customer has events from their first day on. The streams are
  /// the customer's own, split from the first period's, so the first period's data do not change.
  public func secondPeriodEvents(of index: Int, into events: inout [Event]) {
    var first = stream(index).split(0xE7E7)
    let activity = first.nextLogNormal(mu: -0.08, sigma: 0.4)
    var rng = stream(index).split(0x2F2F)
    let drifted = activity * rng.nextLogNormal(mu: 0, sigma: 0.15)
    let start: Int
    let end: Int
    let group: Int
    if let second = secondGroup(of: index) {
      group = second
      start = isNew(index) ? secondPeriodCustomer(index).startDay : Self.secondFirstDay
      end = Self.secondReferenceDay
    } else {
      group = self.group(of: index)
      start = Self.secondFirstDay
      end = Self.secondFirstDay + Int(rng.next() % UInt64(Self.dayCount))
    }
    generate(group: DemoGroup.all[group], activity: drifted, firstDay: Self.secondFirstDay, rng: &rng, into: &events)
    let from = Int64(start) * CivilDate.secondsPerDay
    let until = Int64(end) * CivilDate.secondsPerDay
    events.removeAll { $0.second < from || $0.second >= until }
  }
}
