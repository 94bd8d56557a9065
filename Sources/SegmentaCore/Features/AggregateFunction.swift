/// An aggregate function over a customer's matching events.
public enum AggregateFunction: String, Sendable, CaseIterable {
  /// The number of matching events.
  case count
  /// The sum of a numeric field (0 without matching events).
  case sum
  /// The mean of a numeric field (missing without matching events).
  case mean
  /// The minimum of a numeric field (missing without matching events).
  case min
  /// The maximum of a numeric field (missing without matching events).
  case max
  /// The number of distinct non-empty values of a field.
  case distinct
  /// Whole days from the last matching event's day to the reference day.
  case recency
  /// The most frequent of a text field's declared categories (unlisted values count as "other").
  case mode
  /// The share of counted events whose field holds the mode's category (0–1).
  case modeShare = "mode_share"

  /// Whether the function reads a field of the event (all but `count` and `recency`).
  public var needsField: Bool { self != .count && self != .recency }
  /// Whether the function tallies a text field's categories per customer (`mode`, `mode_share`).
  public var talliesCategories: Bool { self == .mode || self == .modeShare }
  /// Whether the field is read as a number (`sum`, `mean`, `min`, `max`).
  public var isNumeric: Bool { self == .sum || self == .mean || self == .min || self == .max }
}
