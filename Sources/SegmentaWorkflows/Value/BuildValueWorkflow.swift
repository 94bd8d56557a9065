import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta value build`: a transaction file into per-customer value summaries (frequency, recency,
/// age, monetary value, total value, first and last purchase), with an optional calibration and
/// holdout split, stored as a value table.
package struct BuildValueWorkflow: Workflow {
  /// The transaction file (CSV).
  package var transactionsPath: String
  /// The column of customer ids.
  package var customerColumn: String
  /// The column of dates (or timestamps).
  package var dateColumn: String
  /// The column of amounts.
  package var amountColumn: String
  /// The end of the observation (days since 1970-01-01); default the last transaction's day.
  package var asOf: Int?
  /// The end of the calibration part; none means no split.
  package var calibrationEnd: Int?
  /// The unit of frequency, recency and age.
  package var timeUnit: ValueTimeUnit
  /// The file's dialect.
  package var dialect: CSVDialect

  package init(
    transactionsPath: String, customerColumn: String = "customer_id", dateColumn: String = "date",
    amountColumn: String = "amount", asOf: Int? = nil, calibrationEnd: Int? = nil, timeUnit: ValueTimeUnit = .days,
    dialect: CSVDialect = CSVDialect()
  ) {
    self.transactionsPath = transactionsPath
    self.customerColumn = customerColumn
    self.dateColumn = dateColumn
    self.amountColumn = amountColumn
    self.asOf = asOf
    self.calibrationEnd = calibrationEnd
    self.timeUnit = timeUnit
    self.dialect = dialect
  }

  /// What the build stored.
  package struct Output: Sendable, Codable, Equatable {
    /// The stored table.
    package var table: ValuePeriodInfo
    /// Customers with a repeat purchase.
    package var repeatCustomers: Int
    /// Total value of every counted transaction.
    package var totalValue: Double
    /// Customers in the calibration part (with a split).
    package var calibrationCustomers: Int?
    /// Wall time in seconds.
    package var seconds: Double
    /// What the user should know.
    package var notes: [String]
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SegmentaError.catching { try build(context) }
  }

  private func build(_ context: WorkflowContext) throws -> Output {
    let started = Date()
    let workspace = try context.workspace()
    let (keys, ids) = try workspace.customerIndex()
    guard !keys.isEmpty else {
      throw SegmentaError(
        .missingPrerequisite,
        "the workspace has no customers yet; import them first with `segmenta import customers FILE`")
    }
    let name = (transactionsPath as NSString).lastPathComponent
    let report = try TransactionFileReader.read(
      path: transactionsPath, customerColumn: customerColumn, dateColumn: dateColumn, amountColumn: amountColumn,
      dialect: dialect, customers: FrozenByteStringTable(ids),
      progress: { done, total in
        context.progress.report(.amount("reading transactions", done, of: total, detail: "(\(name))"))
      })
    let ledger = report.ledger
    guard let lastDay = ledger.lastDay else {
      throw SegmentaError(
        .insufficientData,
        report.rowsRead == 0
          ? "\(name) holds no transactions; nothing was stored"
          : "none of the \(report.rowsRead) transactions names a customer in the workspace; nothing was stored")
    }
    let end = asOf ?? lastDay
    if let calibrationEnd, calibrationEnd >= end {
      throw SegmentaError(
        .invalidRequest,
        "--calibration-end \(CivilDate.isoString(days: calibrationEnd)) must be before the end of the observation "
          + "(\(CivilDate.isoString(days: end)))")
    }
    context.progress.report(.status("summarising", "\(report.rowsRead) transactions"))
    let summary = ledger.summary(customerCount: keys.count, end: end, unit: timeUnit)
    guard summary.count > 0 else {
      throw SegmentaError(
        .insufficientData, "no transaction falls on or before \(CivilDate.isoString(days: end)); nothing was stored")
    }
    var columns: [(String, [Double])] = [
      ("frequency", summary.frequency), ("recency", summary.recency), ("T", summary.age),
      ("monetary_value", summary.monetaryValue), ("total_value", summary.totalValue),
      ("transactions", summary.transactions), ("first_purchase", summary.firstDay.map(Double.init)),
      ("last_purchase", summary.lastDay.map(Double.init)),
      ("days_since_last", summary.lastDay.map { Double(max(0, end - Int($0))) }),
    ]
    var notes: [String] = []
    var calibrationCustomers: Int?
    if let calibrationEnd {
      let (calibration, holdout) = ledger.calibrationAndHoldout(
        customerCount: keys.count, calibrationEnd: calibrationEnd, end: end, unit: timeUnit)
      calibrationCustomers = calibration.count
      // Align the calibration columns to the summary's customers (missing for those who began after it).
      var row: [Int32: Int] = [:]
      for (i, c) in calibration.customers.enumerated() { row[c] = i }
      func aligned(_ values: [Double]) -> [Double] { summary.customers.map { row[$0].map { values[$0] } ?? .nan } }
      columns += [
        ("frequency_cal", aligned(calibration.frequency)), ("recency_cal", aligned(calibration.recency)),
        ("T_cal", aligned(calibration.age)), ("monetary_value_cal", aligned(calibration.monetaryValue)),
        ("frequency_holdout", aligned(holdout.frequency)), ("monetary_value_holdout", aligned(holdout.monetaryValue)),
      ]
      if holdout.frequency.allSatisfy({ $0 == 0 }) {
        notes.append("no customer of the calibration part bought in the holdout; the holdout check will be empty")
      }
    }
    if report.unknownCustomerRows > 0 {
      notes.append(
        "\(report.unknownCustomerRows) transaction\(report.unknownCustomerRows == 1 ? "" : "s") name customers not in "
          + "the workspace and were left out")
    }
    let info = ValuePeriodInfo(
      label: CivilDate.isoString(days: end),
      builtAt: CivilDate.isoString(seconds: Int64(Date().timeIntervalSince1970)) + "Z",
      asOf: CivilDate.isoString(days: end),
      calibrationEnd: calibrationEnd.map { CivilDate.isoString(days: $0) }, timeUnit: timeUnit, source: name,
      transactionsRead: report.rowsRead, unknownCustomerRows: report.unknownCustomerRows, customers: summary.count)
    var table = info
    table.calibrationEnd = info.calibrationEnd
    try workspace.saveValueTable(
      info: info, customerKeys: summary.customers.map { keys[Int($0)] }, columns: columns)
    return Output(
      table: table, repeatCustomers: summary.frequency.filter { $0 > 0 }.count,
      totalValue: summary.totalValue.reduce(0, +), calibrationCustomers: calibrationCustomers,
      seconds: Date().timeIntervalSince(started), notes: notes)
  }
}
