/// The unit of a tenure feature: time from a customer's date to the reference day.
public enum TenureUnit: String, Sendable, CaseIterable {
  /// Whole days.
  case days
  /// Whole calendar months (a month counts once its day of the month is reached).
  case months
  /// Whole years: completed months divided by 12, rounded down.
  case years
}
