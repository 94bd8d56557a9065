/// The outcomes of one arm (target or control) of a campaign or experiment.
public struct ArmOutcome: Sendable, Equatable {
  /// The number of customers in the arm.
  public var customers: Int
  /// The number of customers reached (a contact attempt succeeded).
  public var reached: Int
  /// The number of customers who converted.
  public var converted: Int
  /// The total revenue of the arm's customers.
  public var revenue: Double
  /// The sum of squared per-customer revenues, Σ revenue², for the variance of revenue per customer.
  public var revenueSquares: Double

  /// Creates an arm from its totals; the defaults describe an empty arm.
  public init(customers: Int = 0, reached: Int = 0, converted: Int = 0, revenue: Double = 0, revenueSquares: Double = 0)
  {
    self.customers = customers
    self.reached = reached
    self.converted = converted
    self.revenue = revenue
    self.revenueSquares = revenueSquares
  }

  /// Adds one customer's outcome: whether they were reached and converted, and their revenue.
  public mutating func add(reached: Bool, converted: Bool, revenue: Double) {
    customers += 1
    if reached { self.reached += 1 }
    if converted { self.converted += 1 }
    self.revenue += revenue
    revenueSquares += revenue * revenue
  }

  /// The contact success rate (接触成功率): reached ÷ customers.
  public var contactRate: Double { Double(reached) / Double(customers) }
  /// The conversion rate (营销成功率): converted ÷ customers.
  public var conversionRate: Double { Double(converted) / Double(customers) }
  /// The revenue per customer: revenue ÷ customers.
  public var revenuePerCustomer: Double { revenue / Double(customers) }
  /// The sample variance (n − 1 denominator) of revenue per customer; NaN for fewer than two
  /// customers.
  public var revenueVariance: Double {
    guard customers > 1 else { return .nan }
    let mean = revenuePerCustomer
    return max(0, (revenueSquares - Double(customers) * mean * mean) / Double(customers - 1))
  }
}
