/// A time-of-week split of events, set by the spec's ``CalendarRules``.
public enum TimeSplit: String, Sendable, Hashable, CaseIterable {
  /// Events on days that are not weekend days.
  case weekday
  /// Events on the calendar's weekend days (Saturday and Sunday by default).
  case weekend
  /// Events within the calendar's peak hours (08:00–18:00 by default).
  case peak
  /// Events outside the peak hours.
  case offpeak
  /// Events within the calendar's night hours (23:00–07:00 by default).
  case night
}
