/// The time unit of frequency, recency and age: lifetimes' `freq="D"` or `freq="W"`.
public enum ValueTimeUnit: String, Sendable, Codable, CaseIterable {
  /// Calendar days.
  case days
  /// Weeks from Monday to Sunday (pandas' `W-SUN` periods).
  case weeks

  /// Days in one unit.
  public var days: Int {
    switch self {
    case .days: 1
    case .weeks: 7
    }
  }

  /// The first day of the period holding `day` (days since 1970-01-01): the day itself, or the
  /// Monday of its week (1970-01-01 was a Thursday).
  @inline(__always)
  public func periodStart(_ day: Int) -> Int {
    switch self {
    case .days: day
    case .weeks: day - ((day % 7 + 7 + 3) % 7)
    }
  }
}
