import Testing

@testable import SegmentaCore

@Suite("Transaction summaries equal lifetimes' summary_data_from_transaction_data")
struct TransactionSummaryTests {
  @Test("CDNOW summaries in days and weeks equal lifetimes 0.11.3", arguments: ValueTimeUnit.allCases)
  func summaryEqualsLifetimes(unit: ValueTimeUnit) throws {
    let (ids, ledger) = try ValueFixture.transactions()
    let end = CivilDate.days(year: 1998, month: 6, day: 30)
    let summary = ledger.summary(customerCount: ids.count, end: end, unit: unit)
    let expected = try ValueFixture.rows("summary_\(unit.rawValue).csv")
    #expect(summary.count == expected.count)
    var row: [String: Int] = [:]
    for (i, c) in summary.customers.enumerated() { row[ids[Int(c)]] = i }
    for reference in expected {
      let i = try #require(row[reference["customer_id"] ?? ""])
      #expect(summary.frequency[i] == Double(reference["frequency"] ?? ""))
      #expect(summary.recency[i] == Double(reference["recency"] ?? ""))
      #expect(summary.age[i] == Double(reference["T"] ?? ""))
      let monetary = try #require(Double(reference["monetary_value"] ?? ""))
      #expect(ValueFixture.close(summary.monetaryValue[i], monetary, relative: 1e-12))
    }
  }

  @Test("the calibration and holdout split equals lifetimes' calibration_and_holdout_data")
  func calibrationEqualsLifetimes() throws {
    let (ids, ledger) = try ValueFixture.transactions()
    let (calibration, holdout) = ledger.calibrationAndHoldout(
      customerCount: ids.count, calibrationEnd: CivilDate.days(year: 1997, month: 9, day: 30),
      end: CivilDate.days(year: 1998, month: 6, day: 30), unit: .weeks)
    let expected = try ValueFixture.rows("calibration_weeks.csv")
    #expect(calibration.count == expected.count)
    var row: [String: Int] = [:]
    for (i, c) in calibration.customers.enumerated() { row[ids[Int(c)]] = i }
    for reference in expected {
      let i = try #require(row[reference["customer_id"] ?? ""])
      #expect(calibration.frequency[i] == Double(reference["frequency_cal"] ?? ""))
      #expect(calibration.recency[i] == Double(reference["recency_cal"] ?? ""))
      #expect(calibration.age[i] == Double(reference["T_cal"] ?? ""))
      #expect(
        ValueFixture.close(
          calibration.monetaryValue[i], Double(reference["monetary_value_cal"] ?? "") ?? .nan, relative: 1e-12))
      #expect(holdout.frequency[i] == Double(reference["frequency_holdout"] ?? ""))
      #expect(
        ValueFixture.close(
          holdout.monetaryValue[i], Double(reference["monetary_value_holdout"] ?? "") ?? .nan, relative: 1e-12))
      #expect(holdout.duration == Double(reference["duration_holdout"] ?? ""))
    }
  }

  @Test("amounts of one period are summed and the first period is left out of the monetary value")
  func periodsAreSummed() {
    var ledger = TransactionLedger()
    // Monday 1997-01-06 is day 9867; two purchases that week, one the next week, one the week after.
    let monday = CivilDate.days(year: 1997, month: 1, day: 6)
    ledger.append(customer: 0, day: Int32(monday), amount: 10)
    ledger.append(customer: 0, day: Int32(monday + 3), amount: 5)
    ledger.append(customer: 0, day: Int32(monday + 8), amount: 4)
    ledger.append(customer: 0, day: Int32(monday + 15), amount: 6)
    let weeks = ledger.summary(customerCount: 1, end: monday + 20, unit: .weeks)
    #expect(weeks.frequency == [2])
    #expect(weeks.recency == [2])
    #expect(weeks.age == [2])
    #expect(weeks.monetaryValue == [5])
    #expect(weeks.totalValue == [25])
    let days = ledger.summary(customerCount: 1, end: monday + 20, unit: .days)
    #expect(days.frequency == [3])
    #expect(days.recency == [15])
    #expect(days.age == [20])
    #expect(days.monetaryValue == [5])
  }
}
