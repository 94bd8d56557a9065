import Foundation
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaIO

@Suite("CSV files read in parts on several threads give the records and errors of one pass")
struct CSVPartsTests {
  /// A file whose records hold quoted fields with line breaks, commas and doubled quotes, CRLF line ends and
  /// blank lines, so that guessed part starts fall inside quoted fields.
  static func file(rows: Int, badLine: Int? = nil) -> String {
    var text = "id,note,value\r\n"
    for row in 0..<rows {
      let note = row % 7 == 0 ? "\"line one\nline \"\"two\"\", \(row)\nend\"" : (row % 5 == 0 ? "\"a, b\"" : "n\(row)")
      text += "C\(row),\(note),\(row * 3)\(row % 11 == 0 ? "\n" : "\r\n")"
      if row % 13 == 0 { text += "\n" }
    }
    if let badLine { text += "C\(badLine),\"unclosed,1\n" }
    return text
  }

  /// Every record as its fields joined by `|`, read in one pass.
  static func onePass(_ path: String) throws(DataFileError) -> [String] {
    let reader = try CSVReader(path: path)
    var records: [String] = []
    while try reader.next() { records.append(reader.strings.joined(separator: "|")) }
    return records
  }

  static func inParts(_ path: String, unitSize: Int, threads: Int) throws(DataFileError) -> [String] {
    let (_, parts) = try CSVParts.read(
      path: path, threads: threads, unitSize: unitSize, makePart: { [String]() }
    ) { (reader: CSVReader, part: inout [String]) throws(DataFileError) in
      part.append(reader.strings.joined(separator: "|"))
    }
    return parts.flatMap { $0 }
  }

  @Test("the same records, in the same order, at any part size and thread count")
  func sameRecords() throws {
    let directory = TemporaryDirectory()
    let path = directory.write("notes.csv", Self.file(rows: 900))
    let expected = try Self.onePass(path)
    #expect(expected.count == 900)
    for (unitSize, threads) in [(1_024, 1), (1_024, 3), (1_500, 2), (7_000, 4), (1 << 20, 2)] {
      #expect(try Self.inParts(path, unitSize: unitSize, threads: threads) == expected, "\(unitSize) on \(threads)")
    }
  }

  @Test("a malformed record in a later part is reported at the line one pass names")
  func errorLine() throws {
    let directory = TemporaryDirectory()
    let path = directory.write("notes.csv", Self.file(rows: 900, badLine: 900))
    var expected: DataFileError?
    do { _ = try Self.onePass(path) } catch { expected = error }
    let error = try #require(expected)
    for (unitSize, threads) in [(1_024, 2), (3_000, 3)] {
      var found: DataFileError?
      do { _ = try Self.inParts(path, unitSize: unitSize, threads: threads) } catch { found = error }
      #expect(found?.description == error.description, "\(unitSize) on \(threads)")
    }
  }

  @Test("an error thrown on a record names the line of one pass")
  func recordError() throws {
    let directory = TemporaryDirectory()
    let path = directory.write("notes.csv", Self.file(rows: 900))
    let reader = try CSVReader(path: path)
    var line = 0
    while try reader.next() {
      if reader.string(at: 0) == "C700" { line = reader.line }
    }
    var found: DataFileError?
    do {
      _ = try CSVParts.read(path: path, threads: 2, unitSize: 2_048, makePart: { 0 }) {
        (reader: CSVReader, _: inout Int) throws(DataFileError) in
        if reader.string(at: 0) == "C700" { throw DataFileError(file: path, line: reader.line, message: "bad") }
      }
    } catch { found = error }
    #expect(found?.line == line && line > 700)
  }
}
