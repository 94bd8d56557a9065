import Testing

@testable import SegmentaCore

@Suite("Calendar arithmetic")
struct CivilDateTests {
  @Test("day numbers round-trip and weekdays are right over 1900–2100")
  func roundTrip() {
    #expect(CivilDate.days(year: 1970, month: 1, day: 1) == 0)
    #expect(CivilDate.isoWeekday(days: CivilDate.days(year: 2024, month: 1, day: 1)) == 1)  // Monday
    #expect(CivilDate.isoWeekday(days: CivilDate.days(year: 1969, month: 12, day: 28)) == 7)  // Sunday
    var previous = CivilDate.days(year: 1900, month: 1, day: 1) - 1
    for year in 1900...2100 {
      for month in 1...12 {
        for day in 1...CivilDate.daysInMonth(year: year, month: month) {
          let number = CivilDate.days(year: year, month: month, day: day)
          #expect(number == previous + 1)
          previous = number
          let back = CivilDate.components(days: number)
          if back.year != year || back.month != month || back.day != day { Issue.record("\(year)-\(month)-\(day)") }
        }
      }
    }
    #expect(CivilDate.isoString(days: CivilDate.days(year: 2024, month: 2, day: 29)) == "2024-02-29")
    #expect(CivilDate.isoString(seconds: -1) == "1969-12-31T23:59:59")
  }
}
