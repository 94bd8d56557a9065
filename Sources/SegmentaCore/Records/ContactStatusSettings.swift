/// How contact statuses are worked out: stored with the workspace and used on every import of
/// contact attempts.
public struct ContactStatusSettings: Sendable, Equatable, Codable {
  /// Failed attempts since the last success, on every method, that make a customer unreachable.
  public var maximumFailures: Int
  /// The methods that must all be exhausted.
  public var methods: [ContactMethod]
  /// The customer column holding the customer class.
  public var classColumn: String
  /// Classes of the company's own customers, who become dormant when unreachable.
  ///
  /// Any other class (prospects, rivals' customers) becomes void; a customer without a class counts
  /// as own.
  public var ownClasses: [String]

  /// The defaults: 3 failures on phone, e-mail and SMS; class column `customer_class`; own classes
  /// own, vip, key_account, 本品牌, 大客户.
  public init(
    maximumFailures: Int = 3, methods: [ContactMethod] = [.phone, .email, .sms], classColumn: String = "customer_class",
    ownClasses: [String] = ["own", "vip", "key_account", "本品牌", "大客户"]
  ) {
    self.maximumFailures = maximumFailures
    self.methods = methods
    self.classColumn = classColumn
    self.ownClasses = ownClasses
  }
}
