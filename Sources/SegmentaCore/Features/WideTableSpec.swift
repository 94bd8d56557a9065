/// What to compute for every customer: the definition of a wide table (宽表).
///
/// A spec names which event-file columns play which role, the calendar rules for time splits, an
/// optional reference date, named value lists, and the features in output order.
public struct WideTableSpec: Sendable, Equatable {
  /// Which columns of the event files hold the customer id, the timestamp and the event type.
  public var eventColumns: EventColumns
  /// Weekend days and peak/night hours.
  public var calendar: CalendarRules
  /// The first day not counted (days since 1970-01-01).
  ///
  /// Events on or after it are ignored, windows and recency count back from it. Nil means the day after the latest
  /// event.
  public var referenceDay: Int?
  /// Named value lists for `in_list` conditions, such as broker hotline numbers.
  public var lists: [String: [String]]
  /// The features, in output order.
  public var features: [FeatureDefinition]

  /// Creates a spec.
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

  /// Whether any feature is computed from events.
  public var usesEvents: Bool {
    features.contains { if case .aggregate = $0.kind { return true } else { return false } }
  }
}

/// The roles of event-file columns.
public struct EventColumns: Sendable, Equatable {
  /// The customer id column.
  public var customerID: String
  /// The timestamp column.
  public var timestamp: String
  /// The event type column (nil when the files hold a single kind of event).
  public var type: String?

  /// Creates the column roles; defaults are `customer_id`, `timestamp`, `event_type`.
  public init(customerID: String = "customer_id", timestamp: String = "timestamp", type: String? = "event_type") {
    self.customerID = customerID
    self.timestamp = timestamp
    self.type = type
  }
}

/// A half-open range of the day's minutes, [start, end), which wraps past midnight when start > end.
public struct MinuteRange: Sendable, Equatable, CustomStringConvertible {
  /// Minute of the day where the range starts (0–1439).
  public var start: Int
  /// Minute of the day where the range ends, exclusive (0–1440).
  public var end: Int

  /// Creates a range.
  public init(start: Int, end: Int) {
    self.start = start
    self.end = end
  }

  /// Whether `minute` (0–1439) lies inside.
  @inlinable
  public func contains(_ minute: Int) -> Bool {
    start <= end ? (minute >= start && minute < end) : (minute >= start || minute < end)
  }

  /// `HH:MM-HH:MM`.
  public var description: String {
    func clock(_ m: Int) -> String {
      let h = m / 60
      let mm = m % 60
      return (h < 10 ? "0" : "") + "\(h):" + (mm < 10 ? "0" : "") + "\(mm)"
    }
    return "\(clock(start))-\(clock(end))"
  }
}

/// Calendar rules for weekday/weekend, peak/off-peak and night splits.
public struct CalendarRules: Sendable, Equatable {
  /// ISO weekdays (1 = Monday … 7 = Sunday) that count as weekend.
  public var weekendDays: Set<Int>
  /// Peak hours; every other minute is off-peak.
  public var peakHours: MinuteRange
  /// Night hours.
  public var nightHours: MinuteRange

  /// Creates rules; defaults are Saturday and Sunday, peak 08:00–18:00 and night 23:00–07:00.
  public init(
    weekendDays: Set<Int> = [6, 7], peakHours: MinuteRange = MinuteRange(start: 480, end: 1080),
    nightHours: MinuteRange = MinuteRange(start: 1380, end: 420)
  ) {
    self.weekendDays = weekendDays
    self.peakHours = peakHours
    self.nightHours = nightHours
  }
}

/// Display labels of a feature, used by reports.
public struct FeatureLabel: Sendable, Equatable, Codable {
  /// Chinese label.
  public var zh: String
  /// English label.
  public var en: String

  /// Creates labels.
  public init(zh: String, en: String) {
    self.zh = zh
    self.en = en
  }
}

/// One column of the wide table.
public struct FeatureDefinition: Sendable, Equatable {
  /// Identifier used in commands and rules (letters, digits, underscore).
  public var name: String
  /// Display labels.
  public var label: FeatureLabel
  /// Free description.
  public var description: String?
  /// How the value is computed.
  public var kind: FeatureKind

  /// Creates a feature definition.
  public init(name: String, label: FeatureLabel, description: String? = nil, kind: FeatureKind) {
    self.name = name
    self.label = label
    self.description = description
    self.kind = kind
  }
}

/// How a feature's value is computed.
public enum FeatureKind: Sendable, Equatable {
  /// An aggregate over a customer's matching events.
  case aggregate(EventAggregate)
  /// `numerator / denominator` of two other features.
  case ratio(numerator: String, denominator: String, division: DivisionRule)
  /// `part / whole` of two other features (a share, 0/0 = 0 by default).
  case share(part: String, whole: String, division: DivisionRule)
  /// Copied or derived from a customer column.
  case customer(CustomerDerivation)

  /// The names of other features this one is computed from.
  public var dependencies: [String] {
    switch self {
    case .ratio(let a, let b, _), .share(let a, let b, _): return [a, b]
    case .aggregate, .customer: return []
    }
  }
}

/// What a division gives when the denominator is 0.
///
/// Nil means missing.
public struct DivisionRule: Sendable, Equatable {
  /// Value of 0 / 0.
  public var zeroOverZero: Double?
  /// Value of x / 0 for x ≠ 0.
  public var nonzeroOverZero: Double?

  /// Creates a rule.
  public init(zeroOverZero: Double?, nonzeroOverZero: Double?) {
    self.zeroOverZero = zeroOverZero
    self.nonzeroOverZero = nonzeroOverZero
  }

  /// Ratios: 0/0 and x/0 are missing.
  public static let ratioDefault = DivisionRule(zeroOverZero: nil, nonzeroOverZero: nil)
  /// Shares: 0/0 is 0 (no activity at all means none of it is the part), x/0 is missing.
  public static let shareDefault = DivisionRule(zeroOverZero: 0, nonzeroOverZero: nil)

  /// `a / b` under this rule; missing (NaN) inputs give missing.
  @inlinable
  public func divide(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN { return .nan }
    if b == 0 { return (a == 0 ? zeroOverZero : nonzeroOverZero) ?? .nan }
    return a / b
  }
}

/// The aggregate functions over events.
public enum AggregateFunction: String, Sendable, CaseIterable {
  /// Number of matching events.
  case count
  /// Sum of a numeric field.
  case sum
  /// Mean of a numeric field (missing without matching events).
  case mean
  /// Minimum of a numeric field.
  case min
  /// Maximum of a numeric field.
  case max
  /// Number of distinct values of a field.
  case distinct
  /// Whole days from the last matching event's day to the reference day.
  case recency

  /// Whether the function reads a field of the event.
  public var needsField: Bool { self != .count && self != .recency }
  /// Whether the field is read as a number.
  public var isNumeric: Bool { self == .sum || self == .mean || self == .min || self == .max }
}

/// An aggregate of a customer's events that pass a filter.
public struct EventAggregate: Sendable, Equatable {
  /// The function.
  public var function: AggregateFunction
  /// The event column it reads (nil for count and recency).
  public var field: String?
  /// Which events count.
  public var filter: EventFilter
  /// The result is divided by this, such as 60 to turn seconds into minutes.
  public var divisor: Double

  /// Creates an aggregate.
  public init(
    function: AggregateFunction, field: String? = nil, filter: EventFilter = EventFilter(), divisor: Double = 1
  ) {
    self.function = function
    self.field = field
    self.filter = filter
    self.divisor = divisor
  }
}

/// Which events a feature counts: all conditions must hold.
public struct EventFilter: Sendable, Hashable {
  /// Event types allowed (nil: any type).
  public var eventTypes: [String]?
  /// Conditions on event fields.
  public var conditions: [FieldCondition]
  /// Only events in the last N days before the reference day.
  public var windowDays: Int?
  /// Time-of-week splits that must all hold.
  public var splits: [TimeSplit]

  /// Creates a filter.
  public init(
    eventTypes: [String]? = nil, conditions: [FieldCondition] = [], windowDays: Int? = nil, splits: [TimeSplit] = []
  ) {
    self.eventTypes = eventTypes
    self.conditions = conditions
    self.windowDays = windowDays
    self.splits = splits
  }
}

/// A comparison operator on numbers.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
  case equal = "eq", notEqual = "ne", less = "lt", lessOrEqual = "le", greater = "gt", greaterOrEqual = "ge"

  /// Applies the comparison; a missing (NaN) left side never matches.
  @inlinable
  public func holds(_ a: Double, _ b: Double) -> Bool {
    switch self {
    case .equal: return a == b
    case .notEqual: return !a.isNaN && a != b
    case .less: return a < b
    case .lessOrEqual: return a <= b
    case .greater: return a > b
    case .greaterOrEqual: return a >= b
    }
  }
}

/// A condition on one event field.
public enum FieldCondition: Sendable, Hashable {
  /// A numeric comparison against a constant.
  case compare(field: String, op: ComparisonOperator, value: Double)
  /// The field's text is one of `values` (or, negated, none of them and not missing).
  case oneOf(field: String, values: [String], negated: Bool)

  /// The field the condition reads.
  public var field: String {
    switch self {
    case .compare(let field, _, _), .oneOf(let field, _, _): return field
    }
  }
}

/// Time-of-week splits.
public enum TimeSplit: String, Sendable, Hashable, CaseIterable {
  case weekday, weekend, peak, offpeak, night
}

/// A feature copied or derived from a customer column.
public enum CustomerDerivation: Sendable, Equatable {
  /// The numeric column as it is.
  case copy(column: String)
  /// Time from a date column to the reference day.
  case tenure(column: String, unit: TenureUnit)
  /// The band index of a numeric column: 0 below `edges[0]`, i for `edges[i-1] <= x < edges[i]`.
  case bands(column: String, edges: [Double], labels: [String])

  /// Whether the column is read as a number (tenure reads a date).
  public var readsNumbers: Bool {
    if case .tenure = self { return false }
    return true
  }

  /// The customer column read.
  public var column: String {
    switch self {
    case .copy(let c), .tenure(let c, _), .bands(let c, _, _): return c
    }
  }
}

/// Units for tenure.
public enum TenureUnit: String, Sendable, CaseIterable {
  case days, months, years
}
