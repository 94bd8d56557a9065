/// Which columns of the event files play the roles every event has: customer, time and type.
public struct EventColumns: Sendable, Equatable {
  /// The name of the customer id column.
  public var customerID: String
  /// The name of the timestamp column.
  public var timestamp: String
  /// The name of the event type column (nil when the files hold a single kind of event).
  public var type: String?

  /// Creates the column roles; defaults are `customer_id`, `timestamp`, `event_type`.
  public init(customerID: String = "customer_id", timestamp: String = "timestamp", type: String? = "event_type") {
    self.customerID = customerID
    self.timestamp = timestamp
    self.type = type
  }
}
