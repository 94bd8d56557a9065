import Foundation
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaIO

@Suite("Customer file reader: parts on several threads check exactly as one pass")
struct CustomerFileReaderTests {
  /// A customer file with quoted fields holding delimiters, quotes and line breaks, blank lines,
  /// CRLF, and (when `bad`) malformed records, wrong field counts, empty and repeated ids.
  static func customerFile(rows: Int, seed: UInt64, bad: Bool) -> String {
    var random = SplitMix64(seed: seed)
    let notes = ["plain", "\"a,b\"", "\"line1\nline2\"", "\"say \"\"x\"\"\"", "", "\"multi\r\nline\r\nnote\"", "北京"]
    var text = "customer_id,spend,visits,joined,note,flag\n"
    for row in 0..<rows {
      let kind = bad ? random.next() % 40 : 99
      let id = kind == 0 ? "" : kind == 1 ? "C\(random.next() % UInt64(max(1, row)))" : "C\(row)"
      let spend = kind == 2 ? "lots" : random.next() % 6 == 0 ? "" : "\(random.next() % 1000).\(random.next() % 100)"
      let visits = random.next() % 7 == 0 ? "NA" : String(random.next() % 50)
      let joined = "2024-03-\(10 + random.next() % 18)"
      let note = kind == 3 ? "a \"stray\" quote" : notes[Int(random.next() % UInt64(notes.count))]
      let flag = ["yes", "no", "Y"][Int(random.next() % 3)]
      var line = "\(id),\(spend),\(visits),\(joined),\(note),\(flag)"
      if kind == 4 { line += ",extra" }
      if kind == 5 { line = "\"\(id)\"x,1,2,2024-03-10,n,yes" }
      text += line + (random.next() % 4 == 0 ? "\r\n" : "\n")
      if random.next() % 25 == 0 { text += "\n" }
    }
    return text
  }

  /// Everything a check of `path` decides, as comparable text, or the error it stops with.
  static func check(
    _ units: any CustomerRecordUnits, onError: BadRowPolicy,
    maximumSample: Int = CustomerFileCheck.maximumSampleRecords
  ) -> [String] {
    var lines: [String] = []
    do {
      let plan = try CustomerImportPlan(
        path: units.path, header: units.header, catalogue: [], options: CustomerImportOptions(onError: onError))
      let file = try CustomerFileCheck.run(
        units, plan: plan, sampleRecords: 7, maximumSample: maximumSample,
        reject: { record in
          lines.append(
            "rejected \(record.line) \(record.column ?? 0) \(record.columnName ?? "-") \(record.reason) | \(record.text)"
          )
        }, progress: { _, _ in })
      lines.append(
        "read \(file.rowsRead) rejected \(file.rejected) by \(file.rejectedByReason.sorted { $0.key.rawValue < $1.key.rawValue })"
      )
      for (column, pieces) in zip(file.columns, file.values) {
        lines.append("column \(column.name) \(column.type) \(column.personal)")
        for piece in pieces { lines.append(contentsOf: (0..<piece.count).map { describe(piece, $0) }) }
      }
      for piece in file.ids { lines.append(contentsOf: (0..<piece.count).map { describe(piece, $0) }) }
    } catch {
      lines.append("error \(error)")
    }
    return lines
  }

  static func describe(_ column: TypedColumn, _ row: Int) -> String {
    guard column.isPresent(row) else { return "-" }
    switch column.storage {
    case .integers: return String(column.integers[row])
    case .decimals: return String(column.decimals[row].bitPattern)
    case .text: return column.withText(row) { String(decoding: $0, as: UTF8.self) }
    }
  }

  @Test(
    "any part size and thread count gives the rejections, types and values of one pass",
    arguments: [(seed: 1, bad: false), (seed: 2, bad: true), (seed: 3, bad: true), (seed: 4, bad: true)])
  func sameAsOnePass(seed: Int, bad: Bool) throws {
    let directory = TemporaryDirectory()
    let path = directory.write("customers.csv", Self.customerFile(rows: 700, seed: UInt64(seed), bad: bad))
    for onError in [BadRowPolicy.skip, .fail] {
      let onePass = Self.check(
        try RecordSourceUnits(open: { () throws(DataFileError) -> any RecordSource in try CSVReader(path: path) }),
        onError: onError)
      // A bad file stops a `.fail` check at its first problem; anything else is checked to the end.
      #expect(onError == .fail && bad ? onePass.first?.hasPrefix("error ") == true : onePass.count > 700)
      for (unitSize, threads) in [(1_024, 1), (1_024, 3), (2_500, 2), (40_000, 2)] {
        let parts = Self.check(
          try CustomerFileReader(path: path, threads: threads, unitSize: unitSize), onError: onError)
        #expect(parts == onePass, "parts of \(unitSize) bytes on \(threads) threads, \(onError)")
      }
    }
  }

  @Test("a record over the length limit in a later part stops the import naming its line, as one pass does")
  func recordTooLong() throws {
    let directory = TemporaryDirectory()
    let long = String(repeating: "x", count: CSVReader.maximumRecordBytes + 10)
    let text = Self.customerFile(rows: 300, seed: 5, bad: false) + "C9999,1,2,2024-03-10,\(long),yes\n"
    let path = directory.write("customers.csv", text)
    let onePass = Self.check(
      try RecordSourceUnits(open: { () throws(DataFileError) -> any RecordSource in try CSVReader(path: path) }),
      onError: .skip)
    let parts = Self.check(try CustomerFileReader(path: path, threads: 2, unitSize: 4_096), onError: .skip)
    #expect(onePass.last?.contains("is longer than 4 MiB") == true)
    #expect(parts == onePass)
  }

  @Test(
    "the personal-data sample is the first 10,000 accepted values, repeated ids left out, as one pass takes it",
    arguments: [false, true])
  func personalDataSample(personal: Bool) throws {
    // Mobile numbers, two rows repeating earlier ids, other values, then more: the first 10,000
    // accepted values are 49.99 % mobile numbers (the column is not personal) or 50.02 % (it is).
    let mobiles = personal ? 5_000 : 4_999
    var lines = ["customer_id,contact"]
    lines += (0..<mobiles).map { "C\($0),13\(String(100_000_000 + $0))" }
    lines += personal ? ["C1,code-a", "C2,code-b"] : ["C1,13900000001", "C2,13900000002"]
    lines += (0..<(personal ? 4_998 : 5_001)).map { "D\($0),code\($0 % 97)" }
    lines += (0..<5_000).map { personal ? "E\($0),13\(String(200_000_000 + $0))" : "E\($0),other\($0)" }
    let directory = TemporaryDirectory()
    let path = directory.write("customers.csv", lines.joined(separator: "\n") + "\n")
    let onePass = Self.check(
      try RecordSourceUnits(open: { () throws(DataFileError) -> any RecordSource in try CSVReader(path: path) }),
      onError: .skip)
    #expect(onePass.contains("column contact text \(personal)"))
    let parts = Self.check(try CustomerFileReader(path: path, threads: 2, unitSize: 4_096), onError: .skip)
    #expect(parts == onePass)
    // First records too few to hold the sample: the parts take it, and put together give the same.
    let sampledInParts = Self.check(
      try CustomerFileReader(path: path, threads: 2, unitSize: 4_096), onError: .skip, maximumSample: 100)
    #expect(sampledInParts == onePass)
  }

  @Test("a file that changes while it is read is refused")
  func changedFile() throws {
    let directory = TemporaryDirectory()
    let path = directory.write("customers.csv", Self.customerFile(rows: 50, seed: 6, bad: false))
    let reader = try CustomerFileReader(path: path)
    try reader.checkUnchanged()
    directory.write("customers.csv", Self.customerFile(rows: 60, seed: 6, bad: false))
    #expect(throws: DataFileError.self) { try reader.checkUnchanged() }
  }
}
