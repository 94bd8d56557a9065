import RealModule

/// Generates a realistic, fully synthetic telecom dataset: customers with static attributes and
/// 90 days of call, SMS, value-added SMS, data, IP-call, service-hotline and forwarding records,
/// with the brief's eight behaviour groups planted.
///
/// Each customer draws from its own random stream derived from the seed, so the data is identical
/// for a given seed whatever order or number of threads generates it.
public struct DemoGenerator: Sendable {
  /// Number of customers.
  public let customerCount: Int
  /// The seed.
  public let seed: UInt64
  /// First day of the window (2024-01-01).
  public static let firstDay = CivilDate.days(year: 2024, month: 1, day: 1)
  /// Number of days covered.
  public static let dayCount = 90
  /// The day after the window, used as the reference date (2024-03-31).
  public static var referenceDay: Int { firstDay + dayCount }
  /// Cities, in the order of ``DemoGroup`` city weights.
  public static let cities = ["北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安", "南京", "重庆"]
  /// Brands.
  public static let brands = ["全球通", "动感地带", "神州行"]
  /// Plan codes by brand.
  public static let plans = [["G88", "G128", "G188", "G288"], ["M18", "M28", "M38"], ["S8", "S19", "S29"]]
  /// Brokers' hotline numbers called by investors.
  public static let brokerHotlines = ["95521", "95536", "95551", "95553", "95555", "95565"]
  /// The service hotline.
  public static let serviceHotline = "1860"

  private let base: SplitMix64
  private let groupCumulative: [Double]

  /// Creates a generator.
  public init(customers: Int, seed: UInt64) {
    customerCount = customers
    self.seed = seed
    base = SplitMix64(seed: seed)
    var running = 0.0
    groupCumulative = DemoGroup.all.map { group in
      running += group.share
      return running
    }
  }

  /// One customer's static attributes.
  public struct Customer: Sendable {
    /// The customer id: `C0000001` for the first customer, and so on.
    public var id: String
    /// Index into ``DemoGroup/all``.
    public var group: Int
    /// `F` or `M`.
    public var gender: String
    /// Age in years.
    public var age: Int
    /// City name.
    public var city: String
    /// Brand name.
    public var brand: String
    /// Plan code.
    public var plan: String
    /// First day of service (days since 1970-01-01).
    public var startDay: Int
    /// Average revenue per user, yuan per month.
    public var arpu: Double
    /// Mobile number (synthetic).
    public var phone: String
    /// E-mail address, when known (synthetic).
    public var email: String?
    /// Opted out of SMS marketing.
    public var smsOptOut: Bool
    /// Opted out of marketing calls.
    public var callOptOut: Bool
    /// Opted out of marketing e-mail.
    public var emailOptOut: Bool
  }

  /// Kinds of demo events and the file each goes to.
  public enum EventKind: String, Sendable, CaseIterable {
    case call, ipCall = "ip_call", hotline, forward, sms, vasSMS = "vas_sms", data
  }

  /// One generated event.
  ///
  /// Fields that do not apply to a kind are nil.
  public struct Event: Sendable {
    /// Wall-clock seconds since 1970.
    public var second: Int64
    /// Kind.
    public var kind: EventKind
    /// Duration in seconds (calls, data sessions).
    public var duration: Int?
    /// The other party's number (digits only).
    public var party: Int64?
    /// The other party's network: own, rival, fixed, phs.
    public var network: String?
    /// local, long_distance, international (calls).
    public var scope: String?
    /// none, domestic, international (calls).
    public var roaming: String?
    /// Message length in characters (SMS).
    public var length: Int?
    /// Fee in yuan (value-added SMS).
    public var fee: Double?
    /// Bytes transferred (data).
    public var bytes: Int?
    /// wap or gprs (data).
    public var service: String?
  }

  func stream(_ customer: Int) -> SplitMix64 { base.split(UInt64(customer)) }

  /// The planted group of customer `index`.
  public func group(of index: Int) -> Int {
    var rng = stream(index)
    let u = rng.nextUnit()
    return groupCumulative.firstIndex { u < $0 } ?? groupCumulative.count - 1
  }

  /// Customer `index` (0-based).
  public func customer(_ index: Int) -> Customer {
    var rng = stream(index)
    let u = rng.nextUnit()
    let groupIndex = groupCumulative.firstIndex { u < $0 } ?? groupCumulative.count - 1
    let g = DemoGroup.all[groupIndex]
    let brand = rng.nextIndex(weights: g.brandWeights)
    let plans = Self.plans[brand]
    let planIndex = min(
      plans.count - 1, max(0, Int((rng.nextUnit() * Double(plans.count) + (g.arpu - 70) / 60).rounded(.down))))
    let tenureDays = Int(min(6000, max(15, rng.nextLogNormal(mu: Double.log(900), sigma: 0.9))))
    let age = min(80, max(16, Int(rng.nextNormal(mean: g.meanAge, sd: 8).rounded())))
    let arpu = (rng.nextLogNormal(mu: Double.log(g.arpu), sigma: 0.28) * 100).rounded() / 100
    var phone = "1" + ["38", "39", "37", "35", "50", "58", "87"][Int(rng.next() % 7)]
    for _ in 0..<8 { phone += String(rng.next() % 10) }
    let hasEmail = rng.nextBool(probability: 0.6)
    return Customer(
      id: Self.id(index), group: groupIndex, gender: rng.nextBool(probability: g.femaleShare) ? "F" : "M",
      age: age, city: Self.cities[rng.nextIndex(weights: g.cityWeights)], brand: Self.brands[brand],
      plan: plans[planIndex], startDay: Self.referenceDay - tenureDays, arpu: arpu, phone: phone,
      email: hasEmail ? "user\(index + 1)@example.com" : nil, smsOptOut: rng.nextBool(probability: 0.08),
      callOptOut: rng.nextBool(probability: 0.05), emailOptOut: rng.nextBool(probability: 0.10))
  }

  /// The id of customer `index`.
  public static func id(_ index: Int) -> String {
    let digits = String(index + 1)
    return "C" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
  }

  /// Customer `index`'s events over the window, in time order; `events` is cleared first.
  public func events(of index: Int, into events: inout [Event]) {
    var rng = stream(index).split(0xE7E7)
    let activity = rng.nextLogNormal(mu: -0.08, sigma: 0.4)
    generate(
      group: DemoGroup.all[group(of: index)], activity: activity, firstDay: Self.firstDay, rng: &rng, into: &events)
  }

  /// The events of a customer of group `g` and activity level `activity` over the 90 days from `firstDay`,
  /// in time order, drawn from `rng`; `events` is cleared first.
  func generate(group g: DemoGroup, activity: Double, firstDay: Int, rng: inout SplitMix64, into events: inout [Event])
  {
    events.removeAll(keepingCapacity: true)
    func count(_ rate: Double) -> Int { rng.nextPoisson(rate * activity) }
    let contactCount = max(1, Int(g.contacts * activity))
    let smsContactCount = max(1, Int(g.smsContacts * activity))
    let contactSeed = rng.next()
    let isInvestor = rng.nextBool(probability: g.brokerCallsShare)

    func moment(peak: Double) -> Int64 {
      let weekend = rng.nextBool(probability: g.weekendShare)
      var day: Int
      repeat {
        day = firstDay + Int(rng.next() % UInt64(Self.dayCount))
      } while (CivilDate.isoWeekday(days: day) >= 6) != weekend
      let minute: Int
      if rng.nextBool(probability: peak) {
        minute = 480 + Int(rng.next() % 600)  // 08:00–18:00
      } else {
        let offPeak = Int(rng.next() % 840)  // 18:00–08:00
        minute = (1080 + offPeak) % 1440
      }
      return Int64(day) * CivilDate.secondsPerDay + Int64(minute * 60) + Int64(rng.next() % 60)
    }
    func party(_ pool: Int, salt: UInt64) -> Int64 {
      var mixer = SplitMix64(seed: contactSeed ^ salt ^ (rng.next() % UInt64(pool)))
      let prefixes: [Int64] = [138, 139, 137, 135, 150, 158, 187]
      return prefixes[Int(mixer.next() % 7)] * 100_000_000 + Int64(mixer.next() % 100_000_000)
    }
    func seconds(_ mean: Double) -> Int { max(1, Int(rng.nextLogNormal(mu: Double.log(mean) - 0.32, sigma: 0.8))) }
    let networks = ["own", "rival", "fixed", "phs"]
    let scopes = ["local", "long_distance", "international"]
    let roamings = ["none", "domestic", "international"]

    for _ in 0..<count(g.calls) {
      events.append(
        Event(
          second: moment(peak: g.peakShare), kind: .call, duration: seconds(g.callSeconds),
          party: party(contactCount, salt: 1), network: networks[rng.nextIndex(weights: g.network)],
          scope: scopes[rng.nextIndex(weights: g.scope)], roaming: roamings[rng.nextIndex(weights: g.roaming)]))
    }
    if isInvestor {
      for _ in 0..<(1 + rng.nextPoisson(3)) {
        events.append(
          Event(
            second: moment(peak: 0.9), kind: .call, duration: seconds(180),
            party: Int64(Self.brokerHotlines[Int(rng.next() % UInt64(Self.brokerHotlines.count))]), network: "fixed",
            scope: "local", roaming: "none"))
      }
    }
    for _ in 0..<count(g.ipCalls) {
      events.append(
        Event(
          second: moment(peak: g.peakShare), kind: .ipCall, duration: seconds(g.ipSeconds),
          party: party(contactCount, salt: 2), network: rng.nextBool(probability: 0.7) ? "fixed" : "own",
          scope: "long_distance", roaming: "none"))
    }
    for _ in 0..<count(g.hotline) {
      events.append(
        Event(
          second: moment(peak: 0.7), kind: .hotline, duration: seconds(g.hotlineSeconds),
          party: Int64(Self.serviceHotline),
          network: "own", scope: "local", roaming: "none"))
    }
    for _ in 0..<count(g.forwards) {
      events.append(
        Event(
          second: moment(peak: g.peakShare), kind: .forward, duration: seconds(60), party: party(contactCount, salt: 3),
          network: networks[rng.nextIndex(weights: g.network)], scope: "local", roaming: "none"))
    }
    for _ in 0..<count(g.sms) {
      events.append(
        Event(
          second: moment(peak: g.peakShare * 0.8), kind: .sms, party: party(smsContactCount, salt: 4),
          network: networks[rng.nextIndex(weights: g.network)],
          length: max(1, min(300, Int(rng.nextLogNormal(mu: Double.log(g.smsLength), sigma: 0.5))))))
    }
    for _ in 0..<count(g.vasSMS) {
      events.append(
        Event(
          second: moment(peak: 0.5), kind: .vasSMS, party: 1_065_800 + Int64(rng.next() % 100), network: "own",
          length: 70, fee: [0.1, 0.5, 1, 2, 3, 5][rng.nextIndex(weights: [2, 3, 4, 3, 2, 1])] * (g.vasFee / 1.5)))
    }
    for _ in 0..<count(g.dataSessions) {
      let wap = rng.nextBool(probability: g.wapShare)
      events.append(
        Event(
          second: moment(peak: 0.55), kind: .data, duration: seconds(600),
          bytes: max(512, Int(rng.nextLogNormal(mu: Double.log(g.dataMegabytes * 1_048_576) - 0.5, sigma: 1.0))),
          service: wap ? "wap" : "gprs"))
    }
    events.sort { $0.second < $1.second }
  }
}
