import RealModule

/// Generates the company-customer (B2B) demo.
///
/// Firms with an industry, an informatisation level read
/// from the telecom/IT services they buy, a key purchase factor, a region, employees and a monthly
/// spend, and 90 days of usage events (data, calls, service tickets). Deterministic for a seed: each
/// firm draws from its own stream.
///
/// Planted structure: each industry has its own mix of IT levels and purchase factors (production firms
/// buy platforms and want quality or customisation; wholesale/retail and life services want the cheapest;
/// professional services are highly networked and want service), spend grows with employees and IT
/// level, data use with IT level, tickets with a service-first purchase factor. About 3 % of firms have
/// no recorded purchase factor.
public struct B2BDemoGenerator: Sendable {
  /// One industry and how its firms are drawn.
  public struct Industry: Sendable {
    /// The value written in the industry column.
    public var code: String
    /// Share of firms.
    public var weight: Double
    /// Weights of the IT levels low, medium, high.
    public var itLevels: [Double]
    /// Weights of the purchase factors, in ``B2BDemoGenerator/purchaseFactors`` order.
    public var factors: [Double]
    /// The median number of employees.
    public var employees: Double
  }

  /// The industries, from the product brief.
  public static let industries: [Industry] = [
    Industry(
      code: "production", weight: 0.26, itLevels: [0.15, 0.35, 0.5], factors: [0.15, 0.4, 0.15, 0.3], employees: 120),
    Industry(
      code: "wholesale_retail", weight: 0.28, itLevels: [0.4, 0.45, 0.15], factors: [0.6, 0.15, 0.2, 0.05],
      employees: 35),
    Industry(
      code: "professional_services", weight: 0.18, itLevels: [0.05, 0.3, 0.65], factors: [0.1, 0.25, 0.5, 0.15],
      employees: 45),
    Industry(
      code: "life_services", weight: 0.2, itLevels: [0.65, 0.3, 0.05], factors: [0.65, 0.1, 0.2, 0.05], employees: 15),
    Industry(
      code: "logistics", weight: 0.08, itLevels: [0.3, 0.5, 0.2], factors: [0.3, 0.15, 0.45, 0.1], employees: 80),
  ]
  /// The informatisation levels.
  public static let itLevels = ["low", "medium", "high"]
  /// The key purchase factors.
  public static let purchaseFactors = ["cheapest", "quality", "service", "customisable"]
  /// The regions.
  public static let regions = ["east", "north", "south", "central", "west"]
  /// The first day of the usage events (2024-01-01) and their number of days.
  public static let firstDay = CivilDate.days(year: 2024, month: 1, day: 1)
  /// The number of days of usage events.
  public static let days = 91

  /// One generated firm.
  public struct Firm: Sendable, Equatable {
    /// The firm's id.
    public var id: String
    /// The firm's industry.
    public var industry: String
    /// Its informatisation level (low, medium, high).
    public var itLevel: String
    /// Nil when the firm's purchase factor is not recorded.
    public var purchaseFactor: String?
    /// Its region.
    public var region: String
    /// Its employees.
    public var employees: Int
    /// Its monthly spend (yuan).
    public var monthlySpend: Double
    /// Whether it buys broadband.
    public var broadband: Bool
    /// Whether it buys a managed LAN.
    public var lan: Bool
    /// Whether it buys hosted servers.
    public var servers: Bool
    /// Whether it buys a cloud platform.
    public var cloudPlatform: Bool
    /// Months as a customer.
    public var tenureMonths: Int
  }

  /// One usage event: `data` (amount in GB), `call` (minutes) or `ticket` (1).
  public struct Event: Sendable, Equatable {
    /// When it happened, as wall-clock seconds.
    public var second: Int64
    /// data, call or ticket.
    public var type: String
    /// GB, minutes or 1.
    public var amount: Double
  }

  /// The number of firms.
  public let firmCount: Int
  let base: SplitMix64

  /// A generator of `firms` firms for `seed`.
  public init(firms: Int, seed: UInt64) {
    firmCount = firms
    base = SplitMix64(seed: seed ^ 0xB2B0_B2B0)
  }

  /// Firm `index`'s id: `F000001`.
  public static func id(_ index: Int) -> String {
    let digits = String(index + 1)
    return "F" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
  }

  /// Firm `index` and its usage events, from the firm's own random stream.
  public func firm(_ index: Int) -> (firm: Firm, events: [Event]) {
    var rng = base.split(UInt64(index))
    let industry = Self.industries[rng.nextIndex(weights: Self.industries.map(\.weight))]
    let level = rng.nextIndex(weights: industry.itLevels)
    let factor = rng.nextIndex(weights: industry.factors)
    let recorded = !rng.nextBool(probability: 0.03)
    let employees = max(1, Int(rng.nextLogNormal(mu: Double.log(industry.employees), sigma: 0.8).rounded()))
    let lan = level >= 1 || rng.nextBool(probability: 0.1)
    let servers = level == 2 && rng.nextBool(probability: 0.7)
    let platform = level == 2 && (!servers || rng.nextBool(probability: 0.5))
    let spend =
      (300 + 12 * Double(employees)) * [1.0, 1.8, 3.2][level] * rng.nextLogNormal(mu: 0, sigma: 0.25)
    let firm = Firm(
      id: Self.id(index), industry: industry.code, itLevel: Self.itLevels[level],
      purchaseFactor: recorded ? Self.purchaseFactors[factor] : nil,
      region: Self.regions[rng.nextIndex(weights: [0.3, 0.22, 0.22, 0.14, 0.12])], employees: employees,
      monthlySpend: (spend * 100).rounded() / 100, broadband: true, lan: lan, servers: servers, cloudPlatform: platform,
      tenureMonths: 1 + rng.nextPoisson(30))
    var events: [Event] = []
    func moment() -> Int64 {
      let day = Self.firstDay + Int(rng.nextUnit() * Double(Self.days))
      return Int64(day) * 86_400 + Int64(8 * 3600 + rng.nextUnit() * 10 * 3600)
    }
    for _ in 0..<rng.nextPoisson([8.0, 20.0, 45.0][level]) {
      events.append(
        Event(second: moment(), type: "data", amount: (rng.nextLogNormal(mu: 0.5, sigma: 0.7) * 100).rounded() / 100))
    }
    for _ in 0..<rng.nextPoisson(min(60, 3 + Double(employees) / 8)) {
      events.append(Event(second: moment(), type: "call", amount: Double(1 + rng.nextPoisson(4))))
    }
    for _ in 0..<rng.nextPoisson(factor == 2 ? 3 : 0.8) {
      events.append(Event(second: moment(), type: "ticket", amount: 1))
    }
    events.sort { $0.second < $1.second }
    return (firm, events)
  }
}
