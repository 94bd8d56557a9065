/// How customers are contacted (the brief's contact plan: phone, e-mail, SMS, fax).
public enum ContactMethod: String, Sendable, Codable, CaseIterable {
  case phone
  case email
  case sms
  case fax

  /// Parses a method, English or Chinese (电话, 邮件/电子邮件, 短信, 传真), case-insensitive.
  public init?(text: String) {
    switch text.trimmingSpacesAndLowercased() {
    case "phone", "call", "电话": self = .phone
    case "email", "e-mail", "mail", "邮件", "电子邮件": self = .email
    case "sms", "短信": self = .sms
    case "fax", "传真": self = .fax
    default: return nil
    }
  }
}

/// One contact attempt.
public struct ContactAttempt: Sendable, Hashable {
  /// The customer's key.
  public var customer: Int64
  /// How the customer was tried.
  public var method: ContactMethod
  /// When, as seconds since 1970 (UTC).
  public var at: Int64
  /// Whether the customer was reached.
  public var success: Bool

  /// Creates an attempt.
  public init(customer: Int64, method: ContactMethod, at: Int64, success: Bool) {
    self.customer = customer
    self.method = method
    self.at = at
    self.success = success
  }
}

/// Customers who cannot be reached any more (the brief: unreachable after N tries on every contact
/// method, own customers become dormant — keep following up — and prospects or rivals' customers
/// become void).
public enum ContactStatus: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable {
  case dormant
  case void

  /// The status of every unreachable customer.
  ///
  /// A customer is unreachable when, on every method of `methods`, the attempts since the last
  /// success number at least `maximumFailures`; then dormant when `isOwn(customer)`, else void.
  /// Customers who are still reachable have no status.
  public static func classify(
    _ attempts: [ContactAttempt], methods: [ContactMethod], maximumFailures: Int, isOwn: (Int64) -> Bool
  ) -> [Int64: ContactStatus] {
    precondition(maximumFailures >= 1 && !methods.isEmpty)
    // Failures since the last success, per customer and method, in time order.
    var failures: [Int64: [ContactMethod: Int]] = [:]
    for attempt in attempts.sorted(by: {
      ($0.customer, $0.at, $0.success ? 1 : 0) < ($1.customer, $1.at, $1.success ? 1 : 0)
    }) {
      if attempt.success {
        failures[attempt.customer, default: [:]][attempt.method] = 0
      } else {
        failures[attempt.customer, default: [:]][attempt.method, default: 0] += 1
      }
    }
    var result: [Int64: ContactStatus] = [:]
    for (customer, byMethod) in failures where methods.allSatisfy({ (byMethod[$0] ?? 0) >= maximumFailures }) {
      result[customer] = isOwn(customer) ? .dormant : .void
    }
    return result
  }
}

extension String {
  fileprivate func trimmingSpacesAndLowercased() -> String {
    var result = Substring(self)
    while result.first?.isWhitespace == true { result.removeFirst() }
    while result.last?.isWhitespace == true { result.removeLast() }
    return result.lowercased()
  }
}
