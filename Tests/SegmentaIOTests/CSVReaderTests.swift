import Foundation
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaIO

/// Reads every record of `text` with the given buffer size.
private func records(_ text: String, bufferSize: Int, dialect: CSVDialect = CSVDialect()) throws -> (
  header: [String], rows: [[String]], lines: [Int]
) {
  let directory = TemporaryDirectory()
  let path = directory.write("data.csv", text)
  let reader = try CSVReader(path: path, dialect: dialect, bufferSize: bufferSize)
  var rows: [[String]] = []
  var lines: [Int] = []
  while try reader.next() {
    rows.append(reader.strings)
    lines.append(reader.line)
  }
  return (reader.header, rows, lines)
}

/// The error reading `bytes` raises.
private func readError(_ bytes: [UInt8], bufferSize: Int = 1 << 20) -> DataFileError? {
  let directory = TemporaryDirectory()
  let path = directory.write("bad.csv", bytes: bytes)
  do {
    let reader = try CSVReader(path: path, bufferSize: bufferSize)
    while try reader.next() {}
    return nil
  } catch {
    return error
  }
}

@Suite("CSV reader (RFC 4180)")
struct CSVReaderTests {
  static let bufferSizes = [64, 1 << 20]

  @Test("plain fields, LF endings, last line without a line break", arguments: bufferSizes)
  func plain(bufferSize: Int) throws {
    let (header, rows, lines) = try records("id,name,amount\n1,Ann,3.5\n2,Bob,4", bufferSize: bufferSize)
    #expect(header == ["id", "name", "amount"])
    #expect(rows == [["1", "Ann", "3.5"], ["2", "Bob", "4"]])
    #expect(lines == [2, 3])
  }

  @Test("quoted fields with delimiters, doubled quotes and line breaks inside", arguments: bufferSizes)
  func quoted(bufferSize: Int) throws {
    let text =
      "id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,\"\"\n5,\"three\r\nlines\r\nhere\"\n6,end\n"
    let (_, rows, lines) = try records(text, bufferSize: bufferSize)
    #expect(
      rows == [
        ["1", "a, b"], ["2", "say \"hi\""], ["3", "two\nlines"], ["4", ""], ["5", "three\r\nlines\r\nhere"],
        ["6", "end"],
      ])
    #expect(lines == [2, 3, 4, 6, 7, 10])
  }

  @Test("CRLF and lone CR line endings", arguments: bufferSizes)
  func lineEndings(bufferSize: Int) throws {
    let crlf = try records("a,b\r\n1,2\r\n3,4\r\n", bufferSize: bufferSize)
    #expect(crlf.rows == [["1", "2"], ["3", "4"]])
    #expect(crlf.lines == [2, 3])
    let cr = try records("a,b\r1,2\r3,4", bufferSize: bufferSize)
    #expect(cr.rows == [["1", "2"], ["3", "4"]])
    #expect(cr.lines == [2, 3])
  }

  @Test("a UTF-8 byte order mark is skipped; Chinese headers and values", arguments: bufferSizes)
  func byteOrderMarkAndChinese(bufferSize: Int) throws {
    let (header, rows, _) = try records("\u{FEFF}客户编号,城市,品牌\nC1,北京,全球通\nC2,\"上海, 浦东\",动感地带\n", bufferSize: bufferSize)
    #expect(header == ["客户编号", "城市", "品牌"])
    #expect(rows == [["C1", "北京", "全球通"], ["C2", "上海, 浦东", "动感地带"]])
  }

  @Test("empty fields, trailing delimiter, blank lines skipped", arguments: bufferSizes)
  func emptyFields(bufferSize: Int) throws {
    let (_, rows, lines) = try records("a,b,c\n,,\n1,,\n\n\r\n2,3,\n", bufferSize: bufferSize)
    #expect(rows == [["", "", ""], ["1", "", ""], ["2", "3", ""]])
    #expect(lines == [2, 3, 6])
  }

  @Test("other delimiters: tab, semicolon, pipe", arguments: [("tab", "\t"), ("semicolon", ";"), ("|", "|")])
  func delimiters(name: String, separator: String) throws {
    let dialect = try #require(CSVDialect(delimiterName: name))
    let text = "a\(separator)b\n1\(separator)\"x\(separator)y\"\n"
    let (_, rows, _) = try records(text, bufferSize: 64, dialect: dialect)
    #expect(rows == [["1", "x\(separator)y"]])
  }

  @Test("a record longer than the buffer grows it")
  func longRecord() throws {
    let long = String(repeating: "x", count: 10_000)
    let (_, rows, _) = try records("a,b\n\(long),\"\(long)\n\(long)\"\n", bufferSize: 64)
    #expect(rows == [[long, long + "\n" + long]])
  }

  @Test("unterminated quote names the line where the field opens")
  func unterminatedQuote() {
    let error = readError(Array("id,note\n1,ok\n2,\"never\nclosed\n".utf8))
    #expect(error?.line == 3)
    #expect(error?.column == 2)
    #expect(error?.columnName == "note")
    #expect(error?.message.contains("unterminated quote") == true)
  }

  @Test("a quote inside an unquoted field and text after a closing quote are errors", arguments: [64, 1 << 20])
  func strayQuotes(bufferSize: Int) {
    let inside = readError(Array("a,b\n1,2\n3,ab\"c\n".utf8), bufferSize: bufferSize)
    #expect(inside?.line == 3 && inside?.column == 2)
    #expect(inside?.message.contains("inside an unquoted field") == true)
    let after = readError(Array("a,b\n\"x\"y,2\n".utf8), bufferSize: bufferSize)
    #expect(after?.line == 2 && after?.column == 1)
    #expect(after?.message.contains("after a closing quote") == true)
  }

  @Test("invalid UTF-8 names line and column")
  func invalidUTF8() {
    var bytes = Array("id,city\n1,ok\n2,\"two\nlines ".utf8)
    bytes += [0xE4, 0xB8]  // truncated character
    bytes += Array("\"\n".utf8)
    let error = readError(bytes)
    #expect(error?.line == 4)
    #expect(error?.column == 2)
    #expect(error?.columnName == "city")
    #expect(error?.message.hasPrefix("invalid UTF-8") == true)
    #expect(readError([0x61, 0x2C, 0x62, 0x0A, 0xC0, 0xAF, 0x2C, 0x31, 0x0A])?.line == 2)  // overlong form
    #expect(readError(Array("a,b\n".utf8) + [0xED, 0xA0, 0x80, 0x2C, 0x31])?.line == 2)  // surrogate
  }

  @Test("an empty file, an empty header name and a repeated header name are errors")
  func headerProblems() {
    #expect(readError([])?.message.contains("the file is empty") == true)
    #expect(readError(Array("\n\n".utf8))?.message.contains("the file is empty") == true)
    let blank = readError(Array("a,,c\n".utf8))
    #expect(blank?.line == 1 && blank?.column == 2)
    let repeated = readError(Array("a,b,a\n".utf8))
    #expect(repeated?.column == 3 && repeated?.message.contains("twice") == true)
  }

  @Test("after a malformed record, reading resumes at the next line")
  func recovery() throws {
    let directory = TemporaryDirectory()
    let path = directory.write("mixed.csv", "a,b\n1,2\n3,x\"y\n4,5\n\"6\"z,7\n8,9")
    let reader = try CSVReader(path: path, bufferSize: 64)
    var seen: [String] = []
    while true {
      switch try reader.step() {
      case .record: seen.append("row \(reader.line): " + reader.strings.joined(separator: "|"))
      case .malformed(let error): seen.append("bad \(error.line!): \(reader.recordText)")
      case .end: break
      }
      if seen.last == "row 6: 8|9" { break }
    }
    #expect(seen == ["row 2: 1|2", "bad 3: 3,x\"y", "row 4: 4|5", "bad 5: \"6\"z,7", "row 6: 8|9"])
    #expect(try reader.step() == .end)
  }

  @Test("a missing file is reported with its path")
  func missingFile() {
    #expect(throws: DataFileError.self) { try CSVReader(path: "/nonexistent/x.csv") }
  }
}

@Suite("CSV writer")
struct CSVWriterTests {
  @Test("any fields survive a write and read back (2,000 random records)")
  func roundTrip() throws {
    var rng = SplitMix64(seed: 3)
    let alphabet: [String] = ["a", "Z", "0", ",", "\"", "\n", "\r\n", " ", "北", "é", ";", "\t", "\r"]
    var rows: [[String]] = []
    for _ in 0..<2_000 {
      rows.append(
        (0..<3).map { _ in
          (0..<Int(rng.next() % 6)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
        })
    }
    // A record of only empty fields is written as ",," which reads back fine; a one-field empty
    // record would be a blank line, which is why the writer is used with several columns.
    let directory = TemporaryDirectory()
    let path = directory.file("round.csv")
    let writer = try CSVWriter(path: path, header: ["x", "y", "z"])
    for row in rows { try writer.write(row) }
    try writer.close()
    let reader = try CSVReader(path: path, bufferSize: 64)
    var back: [[String]] = []
    while try reader.next() { back.append(reader.strings) }
    #expect(back == rows)
  }

  @Test("numbers and timestamps are written exactly")
  func fields() throws {
    let directory = TemporaryDirectory()
    let path = directory.file("fields.csv")
    let writer = try CSVWriter(path: path, header: ["a", "b", "c", "d"])
    writer.field(Int64(-1_234_567))
    writer.field(2.345, decimals: 2)
    writer.field(-0.5, decimals: 0)
    writer.timestampField(Int64(CivilDate.days(year: 2024, month: 2, day: 29)) * 86_400 + 3_723)
    try writer.endRecord()
    try writer.close()
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == "a,b,c,d\n-1234567,2.35,-1,2024-02-29 01:02:03\n")
  }

  @Test("nothing appears at the target path until the writer is closed")
  func atomic() throws {
    let directory = TemporaryDirectory()
    let path = directory.file("atomic.csv")
    do {
      let writer = try CSVWriter(path: path, header: ["a"])
      try writer.write(["1"])
      #expect(!FileManager.default.fileExists(atPath: path))
    }
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
  }
}
