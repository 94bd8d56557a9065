/// What to compute for every customer: the definition of a wide table (宽表).
///
/// A spec names which event-file columns play which role, the calendar rules for time splits, an
/// optional reference date, named value lists, and the features in output order.
public struct WideTableSpec: Sendable, Equatable {
  /// Which columns of the event files hold the customer id, the timestamp and the event type.
  public var eventColumns: EventColumns
  /// The weekend days and the peak and night hours that time splits use.
  public var calendar: CalendarRules
  /// The first day not counted (days since 1970-01-01).
  ///
  /// Events on or after it are ignored, windows and recency count back from it. Nil means the day
  /// after the latest event.
  public var referenceDay: Int?
  /// Named value lists for `in_list` conditions, such as broker hotline numbers.
  public var lists: [String: [String]]
  /// The features, in output order.
  public var features: [FeatureDefinition]

  /// Creates a spec; the defaults are the standard column roles and calendar, no reference date
  /// and no value lists.
  public init(
    eventColumns: EventColumns = EventColumns(), calendar: CalendarRules = CalendarRules(),
    referenceDay: Int? = nil, lists: [String: [String]] = [:], features: [FeatureDefinition]
  ) {
    self.eventColumns = eventColumns
    self.calendar = calendar
    self.referenceDay = referenceDay
    self.lists = lists
    self.features = features
  }

  /// Whether any feature is computed from events (otherwise no event file is needed).
  public var usesEvents: Bool {
    features.contains { if case .aggregate = $0.kind { return true } else { return false } }
  }
}
