/// A half-open range of the day's minutes, [start, end), which wraps past midnight when start > end.
public struct MinuteRange: Sendable, Equatable, CustomStringConvertible {
  /// The minute of the day where the range starts (0–1439).
  public var start: Int
  /// The minute of the day where the range ends, exclusive (0–1440).
  public var end: Int

  /// Creates the range [start, end) of minutes of the day.
  public init(start: Int, end: Int) {
    self.start = start
    self.end = end
  }

  /// Whether `minute` (0–1439) lies inside.
  @inlinable
  public func contains(_ minute: Int) -> Bool {
    start <= end ? (minute >= start && minute < end) : (minute >= start || minute < end)
  }

  /// The range as clock times, `HH:MM-HH:MM` (for example `23:00-07:00`).
  public var description: String {
    func clock(_ m: Int) -> String {
      let h = m / 60
      let mm = m % 60
      return (h < 10 ? "0" : "") + "\(h):" + (mm < 10 ? "0" : "") + "\(mm)"
    }
    return "\(clock(start))-\(clock(end))"
  }
}
