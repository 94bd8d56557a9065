import Foundation
import SegmentaCore

/// Reads a transaction file (purchases, bills or top-ups: one row per customer, date and amount) into
/// a ``TransactionLedger`` keyed by the workspace's customers.
package enum TransactionFileReader {
  /// What reading found.
  package struct Report: Sendable {
    /// The transactions of known customers, by customer index into the workspace's ids.
    package var ledger: TransactionLedger
    /// Data rows read.
    package var rowsRead: Int
    /// Rows of customers not in the workspace (left out).
    package var unknownCustomerRows: Int
  }

  /// Reads `path` with `customerColumn`, `dateColumn` (a date or timestamp; its day counts) and
  /// `amountColumn` (a decimal number).
  ///
  /// The file is read record by record in constant memory besides the ledger; the first malformed
  /// record, empty id, unreadable date or amount stops the read with an error naming the file, the line
  /// and the column, before anything is stored.
  package static func read(
    path: String, customerColumn: String, dateColumn: String, amountColumn: String, dialect: CSVDialect = CSVDialect(),
    customers: FrozenByteStringTable, progress: (Int, Int) -> Void = { _, _ in }
  ) throws(DataFileError) -> Report {
    let reader = try CSVReader(path: path, dialect: dialect)
    func column(_ name: String, _ option: String) throws(DataFileError) -> Int {
      guard let index = reader.header.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
        throw DataFileError(
          file: path, line: 1,
          message:
            "missing column '\(CSVReader.excerpt(name))' (name it with \(option)); the header has: "
            + reader.header.prefix(20).map(CSVReader.excerpt).joined(separator: ", "))
      }
      return index
    }
    let customerIndex = try column(customerColumn, "--customer-column")
    let dateIndex = try column(dateColumn, "--date-column")
    let amountIndex = try column(amountColumn, "--amount-column")
    let needed = max(customerIndex, dateIndex, amountIndex)
    var ledger = TransactionLedger()
    var rows = 0
    var unknown = 0
    let view = customers.view
    while try reader.next() {
      rows += 1
      if rows & 0xFFFF == 0 { progress(reader.bytesRead, reader.fileSize) }
      let line = reader.line
      guard reader.fieldCount > needed else {
        throw DataFileError(
          file: path, line: line, column: reader.fieldCount + 1,
          message: "the row has \(reader.fieldCount) fields; the header has \(reader.header.count)")
      }
      let id = ValueParser.trimmed(reader.bytes(at: customerIndex))
      if id.isEmpty {
        throw DataFileError(
          file: path, line: line, column: customerIndex + 1, columnName: reader.header[customerIndex],
          message: "the customer id is empty")
      }
      let dateBytes = reader.bytes(at: dateIndex)
      guard let seconds = ValueParser.parseTimestamp(dateBytes) else {
        throw DataFileError(
          file: path, line: line, column: dateIndex + 1, columnName: reader.header[dateIndex],
          message:
            "'\(CSVReader.excerpt(String(decoding: dateBytes, as: UTF8.self)))' is not a date (expected YYYY-MM-DD, "
            + "YYYYMMDD or an ISO 8601 timestamp)")
      }
      let amountBytes = reader.bytes(at: amountIndex)
      guard let amount = ValueParser.parseDecimal(amountBytes), amount.isFinite else {
        throw DataFileError(
          file: path, line: line, column: amountIndex + 1, columnName: reader.header[amountIndex],
          message: "'\(CSVReader.excerpt(String(decoding: amountBytes, as: UTF8.self)))' is not an amount (a number)")
      }
      let customer = view.index(of: id)
      guard customer >= 0 else {
        unknown += 1
        continue
      }
      let day = CivilDate.floorDivide(seconds, CivilDate.secondsPerDay)
      ledger.append(customer: Int32(customer), day: Int32(clamping: day), amount: amount)
    }
    progress(reader.fileSize, reader.fileSize)
    return Report(ledger: ledger, rowsRead: rows, unknownCustomerRows: unknown)
  }
}
