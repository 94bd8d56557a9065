/// Calendar rules for weekday/weekend, peak/off-peak and night splits.
public struct CalendarRules: Sendable, Equatable {
  /// ISO weekdays (1 = Monday … 7 = Sunday) that count as weekend.
  public var weekendDays: Set<Int>
  /// The peak hours; every other minute is off-peak.
  public var peakHours: MinuteRange
  /// The night hours (they may wrap past midnight).
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
