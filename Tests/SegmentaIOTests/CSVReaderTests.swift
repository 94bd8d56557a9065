import Foundation
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

/// The error opening or reading all of `path` raises.
private func readFailure(_ path: String) -> DataFileError? {
  do {
    let reader = try CSVReader(path: path)
    while try reader.next() {}
    return nil
  } catch {
    return error
  }
}

@Suite("CSV reader on hostile input: bounded work, located errors")
struct CSVReaderLimitTests {
  @Test("a 10 MB file without a line break fails after reading about 4 MiB, naming line 1")
  func noLineBreak() throws {
    let directory = TemporaryDirectory()
    let path = directory.write("one-line.csv", bytes: [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000))
    let error = try #require(readFailure(path))
    #expect(error.line == 1)
    #expect(error.message == "line 1 is longer than 4 MiB; is this a CSV file with line breaks?")
  }

  @Test("a 1 GB file without a line break is not read whole (sparse, so it costs no disk)")
  func hugeFileStopsEarly() throws {
    let directory = TemporaryDirectory()
    let path = directory.write("huge.csv", "id,")
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: 1 << 30)
    try handle.close()
    let start = ContinuousClock.now
    let error = try #require(readFailure(path))
    #expect(error.message.hasPrefix("line 1 is longer than 4 MiB"))
    #expect(ContinuousClock.now - start < .seconds(5))
  }

  @Test("a long data line is located; in skip mode it stops the read instead of being skipped")
  func longDataLine() throws {
    let directory = TemporaryDirectory()
    var bytes = Array("id,note\n1,ok\n2,".utf8)
    bytes += [UInt8](repeating: UInt8(ascii: "y"), count: 5 << 20)
    bytes += Array("\n3,ok\n".utf8)
    let path = directory.write("long.csv", bytes: bytes)
    let reader = try CSVReader(path: path, bufferSize: 4096)
    #expect(try reader.step() == .record)
    #expect(
      throws: DataFileError(
        file: path, line: 3, message: "line 3 is longer than 4 MiB; is this a CSV file with line breaks?")
    ) {
      _ = try reader.step()
    }
  }

  @Test("a quote never closed in a large file is reported after 4 MiB as a record running over many lines")
  func unterminatedQuoteInLargeFile() throws {
    let directory = TemporaryDirectory()
    var text = "id,note\n1,\"never closed\n"
    text += String(repeating: "2,plain row\n", count: 500_000)
    let path = directory.write("quote.csv", text)
    let error = try #require(readFailure(path))
    #expect(error.line == 2)
    #expect(
      error.message.hasPrefix("the record starting on line 2 is longer than 4 MiB; is a quoted field never closed?"))
  }

  @Test("a record just under the limit is read")
  func longButAllowed() throws {
    let directory = TemporaryDirectory()
    let long = String(repeating: "z", count: 3 << 20)
    let path = directory.write("ok.csv", "id,note\n1,\(long)\n2,\"\(long)\nmore\"\n")
    let reader = try CSVReader(path: path)
    #expect(try reader.next() && reader.string(at: 1) == long)
    #expect(try reader.next() && reader.string(at: 1) == long + "\nmore")
    #expect(try !reader.next())
  }

  @Test("a directory, /dev/zero and a FIFO are refused at once as not regular files")
  func notRegularFiles() throws {
    let directory = TemporaryDirectory()
    let folder = readFailure(directory.path)
    #expect(folder?.message == "is a directory, not a regular file; name a CSV file")
    let zero = readFailure("/dev/zero")
    #expect(zero?.message.hasPrefix("is not a regular file but a device") == true)
    let fifo = directory.file("pipe.csv")
    #expect(mkfifo(fifo, 0o600) == 0)
    // Opening a FIFO for reading would wait for a writer; the reader must not.
    let pipe = readFailure(fifo)
    #expect(pipe?.message.hasPrefix("is not a regular file but a named pipe (FIFO)") == true)
    #expect(pipe?.file == fifo)
  }

  @Test("a symbolic link to a regular file is read")
  func symbolicLinkToFile() throws {
    let directory = TemporaryDirectory()
    let target = directory.write("real.csv", "a\n1\n")
    let link = directory.file("link.csv")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    let reader = try CSVReader(path: link)
    #expect(try reader.next() && reader.strings == ["1"])
  }

  @Test("a NUL byte in a field is malformed, located by line and column", arguments: [64, 1 << 20])
  func nulByte(bufferSize: Int) throws {
    let directory = TemporaryDirectory()
    var bytes = Array("id,city,note\n1,ok,ok\n2,\"two\nlines ".utf8)
    bytes += [0x00]
    bytes += Array("\",x\n3,\"a\"\"b\",c".utf8) + [0x00] + Array("d\n4,ok,ok\n".utf8)
    let path = directory.write("nul.csv", bytes: bytes)
    let reader = try CSVReader(path: path, bufferSize: bufferSize)
    var seen: [String] = []
    while true {
      switch try reader.step() {
      case .record: seen.append("row \(reader.line): " + reader.strings.joined(separator: "|"))
      case .malformed(let error):
        seen.append("bad \(error.line ?? 0):\(error.column ?? 0) \(error.columnName ?? "") \(reader.recordText)")
        #expect(error.message == "a NUL byte (0x00) in a field; is this a binary file?")
      case .end: break
      }
      if seen.count == 4 { break }
    }
    #expect(
      seen == [
        "row 2: 1|ok|ok", "bad 4:2 city 2,\"two\nlines \u{FFFD}\",x", "bad 5:3 note 3,\"a\"\"b\",c\u{FFFD}d",
        "row 6: 4|ok|ok",
      ])
    #expect(try reader.step() == .end)
  }

  @Test("a NUL byte in the header is refused on line 1")
  func nulInHeader() {
    let error = readError(Array("id,na".utf8) + [0x00] + Array("me\n1,2\n".utf8))
    #expect(error?.line == 1 && error?.column == 2)
    #expect(error?.message.hasPrefix("a NUL byte (0x00)") == true)
  }

  @Test("a 2 MB column name is refused by column, quoting at most 40 characters of it")
  func longColumnName() throws {
    let name = String(repeating: "名", count: 700_000)
    let error = try #require(readError(Array("id,\(name),x\n1,2,3\n".utf8)))
    #expect(error.line == 1 && error.column == 2)
    #expect(error.columnName == nil)
    #expect(
      error.message
        == "the column name starting '\(String(repeating: "名", count: 40))' is 2,100,000 bytes long; at most 1,024 are allowed"
    )
    #expect(error.description.count < 200)
  }

  @Test("20,000 columns are refused at column 10,001; 10,000 are read")
  func manyColumns() throws {
    let tooMany = (1...20_000).map { "c\($0)" }.joined(separator: ",") + "\n"
    let error = try #require(readError(Array(tooMany.utf8)))
    #expect(error.line == 1 && error.column == 10_001)
    #expect(error.message == "the header names 20,000 columns; at most 10,000 are supported")
    let directory = TemporaryDirectory()
    let enough = directory.write("wide.csv", (1...10_000).map { "c\($0)" }.joined(separator: ",") + "\n")
    #expect(try CSVReader(path: enough).header.count == 10_000)
  }

  @Test("a long column name is cut to 40 characters wherever an error names it")
  func columnNamesCut() throws {
    let name = String(repeating: "n", count: 1_000)
    let error = try #require(readError(Array("id,\(name)\n1,a\"b\n".utf8)))
    #expect(error.columnName == String(repeating: "n", count: 40) + "…")
    let twice = try #require(readError(Array("\(name),\(name)\n".utf8)))
    #expect(twice.column == 2 && twice.columnName == String(repeating: "n", count: 40) + "…")
  }
}
