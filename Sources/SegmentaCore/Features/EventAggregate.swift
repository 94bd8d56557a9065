/// An aggregate of a customer's events that pass a filter.
public struct EventAggregate: Sendable, Equatable {
  /// The aggregate function.
  public var function: AggregateFunction
  /// The event column it reads (nil for count and recency).
  public var field: String?
  /// Which of the customer's events count.
  public var filter: EventFilter
  /// The result is divided by this, such as 60 to turn seconds into minutes.
  public var divisor: Double

  /// Creates an aggregate; by default over every event, undivided.
  public init(
    function: AggregateFunction, field: String? = nil, filter: EventFilter = EventFilter(), divisor: Double = 1
  ) {
    self.function = function
    self.field = field
    self.filter = filter
    self.divisor = divisor
  }
}
