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
  /// The declared categories a `mode` or `mode_share` counts, in code order (empty for the others).
  ///
  /// A value not listed counts as ``otherCategory``; declaring the list keeps a category's code the
  /// same in every period, so periods can be compared.
  public var categories: [String]

  /// The category that values not declared count as.
  public static let otherCategory = "other"

  /// Creates an aggregate; by default over every event, undivided.
  public init(
    function: AggregateFunction, field: String? = nil, filter: EventFilter = EventFilter(), divisor: Double = 1,
    categories: [String] = []
  ) {
    self.function = function
    self.field = field
    self.filter = filter
    self.divisor = divisor
    self.categories = categories
  }

  /// The categories a `mode` takes, by code: the declared ones, then ``otherCategory`` unless declared.
  public var modeCategories: [String] {
    categories.contains(Self.otherCategory) ? categories : categories + [Self.otherCategory]
  }
}
