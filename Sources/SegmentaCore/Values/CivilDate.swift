/// Calendar arithmetic on the proleptic Gregorian calendar, without time zones.
///
/// Dates are counted as days since 1970-01-01 and times as seconds since 1970-01-01T00:00:00 of the
/// same wall clock. Event timestamps are read as the local wall-clock time they were written in, so
/// hour-of-day and weekday splits follow the customer's clock. Algorithms from Howard Hinnant,
/// "chrono-Compatible Low-Level Date Algorithms".
public enum CivilDate {
  /// Seconds in one day.
  public static let secondsPerDay: Int64 = 86_400

  /// Days since 1970-01-01 of the given year, month (1–12) and day (1–31).
  @inlinable
  public static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The year, month and day of a day number.
  @inlinable
  public static func components(days z0: Int) -> (year: Int, month: Int, day: Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
  }

  /// Whether `year`-`month`-`day` names a real calendar day.
  @inlinable
  public static func isValid(year: Int, month: Int, day: Int) -> Bool {
    guard month >= 1 && month <= 12 && day >= 1 else { return false }
    return day <= daysInMonth(year: year, month: month)
  }

  /// The number of days in a month.
  @inlinable
  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// ISO weekday of a day number: 1 = Monday … 7 = Sunday.
  @inlinable
  public static func isoWeekday(days: Int) -> Int {
    // 1970-01-01 was a Thursday (4).
    let w = (days + 3) % 7
    return (w < 0 ? w + 7 : w) + 1
  }

  /// `YYYY-MM-DD` for a day number.
  public static func isoString(days: Int) -> String {
    let (y, m, d) = components(days: days)
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  /// `YYYY-MM-DDTHH:MM:SS` for a wall-clock second count.
  public static func isoString(seconds: Int64) -> String {
    let days = floorDivide(seconds, secondsPerDay)
    let rest = Int(seconds - days * secondsPerDay)
    return
      "\(isoString(days: Int(days)))T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))"
  }

  /// Writes `YYYY-MM-DD` (and `THH:MM:SS` when `withTime`) for wall-clock `seconds` into `buffer`
  /// (at least 20 bytes, for years 0–9999); returns the number of bytes written.
  public static func formatISO(seconds: Int64, withTime: Bool, into buffer: UnsafeMutableRawBufferPointer) -> Int {
    let day = floorDivide(seconds, secondsPerDay)
    let rest = Int(seconds - day * secondsPerDay)
    let (year, month, dayOfMonth) = components(days: Int(day))
    var position = 0
    func put(_ value: Int, _ width: Int) {
      var divisor = 1
      for _ in 1..<width { divisor *= 10 }
      var remaining = value
      while divisor > 0 {
        buffer[position] = UInt8(48 + remaining / divisor % 10)
        remaining %= divisor
        divisor /= 10
        position += 1
      }
    }
    func mark(_ byte: UInt8) {
      buffer[position] = byte
      position += 1
    }
    put(year, 4); mark(0x2D); put(month, 2); mark(0x2D); put(dayOfMonth, 2)
    if withTime {
      mark(0x54); put(rest / 3600, 2); mark(0x3A); put(rest / 60 % 60, 2); mark(0x3A); put(rest % 60, 2)
    }
    return position
  }

  /// Floor division for negative timestamps.
  @inlinable
  public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }

  private static func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
  }
}
