/// Which events a feature counts: all conditions must hold.
public struct EventFilter: Sendable, Hashable {
  /// The event types allowed (nil: any type).
  public var eventTypes: [String]?
  /// Conditions on event fields, all of which must hold.
  public var conditions: [FieldCondition]
  /// Only events in the last N days before the reference day, when given.
  public var windowDays: Int?
  /// Time-of-week splits that must all hold.
  public var splits: [TimeSplit]

  /// Creates a filter; the defaults let every event through.
  public init(
    eventTypes: [String]? = nil, conditions: [FieldCondition] = [], windowDays: Int? = nil, splits: [TimeSplit] = []
  ) {
    self.eventTypes = eventTypes
    self.conditions = conditions
    self.windowDays = windowDays
    self.splits = splits
  }
}
