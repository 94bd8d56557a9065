import RealModule

/// Generates a synthetic online shop's browsing data for the e-mail list example: customers (no
/// personal data), and two quarters of page views, each with a category of nine and an item price.
///
/// Every customer has a focus category and a price band. In each quarter the focus category gets
/// ⌈60 %⌉ of the customer's views and the other eight share the rest in turn, so it is always the most
/// viewed; every price lies in the customer's band. A planted share of the customers move their focus
/// to another category in the second quarter (the "focus shift"), and a few view nothing then. Each
/// customer draws from its own random stream, so a seed always gives the same data.
public struct EcommerceDemoGenerator: Sendable {
  /// The nine product categories, in the order a spec declares them.
  public static let categories = [
    "apparel", "beauty", "books", "electronics", "food", "home", "jewelry", "sports", "toys",
  ]
  /// How often each category is a customer's focus (relative weights).
  public static let categoryWeights: [Double] = [18, 14, 8, 15, 10, 12, 5, 10, 8]
  /// The price bands' labels.
  public static let bands = ["low", "mid", "high"]
  /// The price band edges in yuan: low below 100, mid below 500, high from 500.
  public static let bandEdges: [Double] = [100, 500]
  /// The price range of each band, in yuan.
  static let bandPrices: [(low: Double, high: Double)] = [(10, 99), (100, 499), (500, 2999)]
  /// How often each band is a customer's (relative weights).
  static let bandWeights: [Double] = [45, 40, 15]
  /// The two quarters: label, first day and number of days.
  public static let periods: [(label: String, firstDay: Int, days: Int)] = [
    ("2024Q1", CivilDate.days(year: 2024, month: 1, day: 1), 91),
    ("2024Q2", CivilDate.days(year: 2024, month: 4, day: 1), 91),
  ]
  /// The share of customers whose focus moves to another category in the second quarter.
  public static let shiftShare = 0.15
  /// The share of customers who view nothing in the second quarter.
  public static let inactiveShare = 0.05
  /// Cities (not personal data; customers are known by an opaque id only).
  public static let cities = ["北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安", "南京"]

  /// Number of customers.
  public let customerCount: Int
  /// The seed.
  public let seed: UInt64
  private let base: SplitMix64

  /// Creates a generator.
  public init(customers: Int, seed: UInt64) {
    customerCount = customers
    self.seed = seed
    base = SplitMix64(seed: seed).split(0xEC0)
  }

  /// One customer and what was planted for them.
  public struct Shopper: Sendable, Equatable {
    /// The customer id: `U0000001` for the first customer, and so on.
    public var id: String
    /// The day the customer signed up (days since 1970-01-01).
    public var signupDay: Int
    /// City name.
    public var city: String
    /// The focus category (index into ``EcommerceDemoGenerator/categories``) in each quarter.
    public var focus: [Int]
    /// The price band (index into ``EcommerceDemoGenerator/bands``).
    public var band: Int
    /// The number of views in each quarter (0: the customer viewed nothing).
    public var views: [Int]

    /// Whether the focus category changed from the first quarter to the second (among active customers).
    public var shifted: Bool { views[1] > 0 && focus[0] != focus[1] }
  }

  /// One page view.
  public struct View: Sendable, Equatable {
    /// Seconds since 1970-01-01 (wall clock).
    public var second: Int64
    /// Index into ``EcommerceDemoGenerator/categories``.
    public var category: Int
    /// Item price in yuan, to the cent.
    public var price: Double
  }

  /// Customer `index` (0-based).
  public func shopper(_ index: Int) -> Shopper {
    var rng = base.split(UInt64(index))
    let focus = rng.nextIndex(weights: Self.categoryWeights)
    let band = rng.nextIndex(weights: Self.bandWeights)
    var second = focus
    if rng.nextBool(probability: Self.shiftShare) {
      second = (focus + 1 + Int(rng.next() % UInt64(Self.categories.count - 1))) % Self.categories.count
    }
    let first = 6 + rng.nextPoisson(9)
    let inactive = rng.nextBool(probability: Self.inactiveShare)
    let later = inactive ? 0 : 4 + rng.nextPoisson(9)
    let signup = Self.periods[0].firstDay - 30 - Int(rng.next() % 1500)
    let city = Self.cities[Int(rng.next() % UInt64(Self.cities.count))]
    let digits = String(index + 1)
    return Shopper(
      id: "U" + String(repeating: "0", count: Swift.max(0, 7 - digits.count)) + digits,
      signupDay: signup, city: city, focus: [focus, second], band: band, views: [first, later])
  }

  /// The views of `shopper` (customer `index`) in quarter `period` (0 or 1), in time order; `views`
  /// is cleared first.
  public func views(of shopper: Shopper, index: Int, period: Int, into views: inout [View]) {
    views.removeAll(keepingCapacity: true)
    var rng = base.split(UInt64(index)).split(0x51E7 &+ UInt64(period))
    let count = shopper.views[period]
    guard count > 0 else { return }
    let focusViews = (count * 3 + 4) / 5
    // The other categories in a random order, each taking the next view in turn.
    var others = (0..<Self.categories.count).filter { $0 != shopper.focus[period] }
    for i in stride(from: others.count - 1, to: 0, by: -1) { others.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
    let (low, high) = Self.bandPrices[shopper.band]
    let quarter = Self.periods[period]
    for view in 0..<count {
      let category = view < focusViews ? shopper.focus[period] : others[(view - focusViews) % others.count]
      let price =
        (Double.exp(Double.log(low) + rng.nextUnit() * (Double.log(high) - Double.log(low))) * 100)
        .rounded() / 100
      let day = quarter.firstDay + Int(rng.next() % UInt64(quarter.days))
      let second = Int64(day) * CivilDate.secondsPerDay + Int64(8 * 3600 + rng.next() % (15 * 3600))
      views.append(View(second: second, category: category, price: Swift.min(high, Swift.max(low, price))))
    }
    views.sort { $0.second < $1.second }
  }
}
