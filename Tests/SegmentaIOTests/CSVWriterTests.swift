import Foundation
import PropertyBased
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every record of the CSV file at `path`, header first.
private func readBack(_ path: String, bufferSize: Int = 64) throws -> [[String]] {
  let reader = try CSVReader(path: path, bufferSize: bufferSize)
  var rows = [reader.header]
  while try reader.next() { rows.append(reader.strings) }
  return rows
}

/// Whether `text` starts a spreadsheet formula: its first character is `=`, `+`, `-`, `@`, a tab or a carriage
/// return.
private func startsFormula(_ text: String) -> Bool {
  guard let first = text.unicodeScalars.first else { return false }
  return "=+-@\t\r".unicodeScalars.contains(first)
}

/// Whether `text` is a plain number, by a regular expression independent of the writer's parser.
private func isPlainNumber(_ text: String) -> Bool {
  text.wholeMatch(of: /[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?/) != nil
}

@Suite("CSV writer")
struct CSVWriterTests {
  @Test("any fields survive a write and read back, neutralised where needed (2,000 random records)")
  func roundTrip() throws {
    var rng = SplitMix64(seed: 3)
    let alphabet: [String] = ["a", "Z", "0", ",", "\"", "\n", "\r\n", " ", "北", "é", ";", "\t", "\r", "=", "-", "5"]
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
    let back = Array(try readBack(path).dropFirst())
    let expected = rows.map { $0.map(SpreadsheetSafety.neutralised) }
    #expect(back.count == expected.count)
    let mismatch = zip(back, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
    #expect(mismatch == nil, "first different record: \(mismatch.map { "\(rows[$0])" } ?? "")")
  }

  @Test(
    "a cell starting with =, +, -, @, tab or carriage return gets an apostrophe unless it is a plain number",
    arguments: [
      ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("-", "'-"), ("+", "'+"), ("@SUM(A1)", "'@SUM(A1)"),
      ("\tx", "'\tx"), ("\rx", "'\rx"), ("\r\nx", "'\r\nx"), ("-1e", "'-1e"), ("- 5", "'- 5"), ("-5 ", "'-5 "),
      ("-.", "'-."), ("+e5", "'+e5"), ("-1.2.3", "'-1.2.3"), ("=5", "'=5"), ("-5", "-5"), ("+3.2", "+3.2"),
      ("-1.5e-3", "-1.5e-3"), ("+1E+10", "+1E+10"), ("-.5", "-.5"), ("-5.", "-5."), ("-0", "-0"), ("abc", "abc"),
      ("5-3", "5-3"), (" =1", " =1"), ("'=x", "'=x"), ("", ""), ("北京", "北京"), ("a=b", "a=b"),
    ])
  func neutralisation(text: String, written: String) {
    #expect(SpreadsheetSafety.neutralised(text) == written)
    // An independent statement of the rule: formula-leading text that is not a plain number.
    #expect(written == (startsFormula(text) && !isPlainNumber(text) ? "'" + text : text))
    #expect(SpreadsheetSafety.isPlainNumber(text) == isPlainNumber(text))
  }

  @Test("the header, whole records, text fields, raw byte fields and echoed lines are all neutralised")
  func everyPath() throws {
    let directory = TemporaryDirectory()
    let path = directory.file("paths.csv")
    let writer = try CSVWriter(path: path, header: ["=h", "-3", "c"])
    try writer.write(["-x", "=1,2", "+5"])
    writer.field("@a")
    writer.field(Int64(-5))
    writer.field(-0.25, decimals: 2)
    try writer.endRecord()
    let raw: [[UInt8]] = [Array("+x".utf8), Array("-1.5".utf8), Array("\tq\"".utf8)]
    try raw[0].withUnsafeBufferPointer { a in
      try raw[1].withUnsafeBufferPointer { b in
        try raw[2].withUnsafeBufferPointer { c in try writer.write(bytes: [a, b, c]) }
      }
    }
    try writer.close()
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == "'=h,-3,c\n'-x,\"'=1,2\",+5\n'@a,-5,-0.25\n'+x,-1.5,\"'\tq\"\"\"\n")
    #expect(CSVWriter.line(["=a,b", "-3", "@"], delimiter: UInt8(ascii: ",")) == "\"'=a,b\",-3,'@")
    #expect(CSVWriter.line(["-x;y"], delimiter: UInt8(ascii: ";")) == "\"'-x;y\"")
  }

  @Test("property: every cell read back is a plain number, safe text, or an apostrophe and the original")
  func spreadsheetSafetyProperty() async {
    let characters: [Character] = [
      "=", "+", "-", "@", "\t", "\r", "\n", "\r\n", "\"", ",", ";", "'", " ", ".", "e", "E", "0", "1", "9", "a",
      "Z", "北", "京", "客", "é", "\u{FEFF}",
    ]
    let cell = Gen<Character?>.element(of: characters).map { $0 ?? "a" }.string(of: 0...8)
    let record = cell.array(of: 3)
    await propertyCheck(count: 300, input: record.array(of: 1...12)) { rows in
      let directory = TemporaryDirectory()
      let path = directory.file("cells.csv")
      do {
        let writer = try CSVWriter(path: path, header: ["a", "b", "c"])
        for (index, row) in rows.enumerated() {
          if index % 2 == 0 {
            try writer.write(row)
          } else {
            for text in row { writer.field(text) }
            try writer.endRecord()
          }
        }
        try writer.close()
        let back = try readBack(path, bufferSize: 64).dropFirst()
        #expect(back.count == rows.count)
        for (original, read) in zip(rows.joined(), back.joined()) {
          #expect(isPlainNumber(read) || !startsFormula(read), "\(read.debugDescription)")
          if startsFormula(original) && !isPlainNumber(original) {
            #expect(read == "'" + original)
          } else {
            #expect(read == original)
          }
        }
      } catch {
        Issue.record(error)
      }
    }
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

  @Test("an existing file is replaced whole and keeps its permissions")
  func replaces() throws {
    let directory = TemporaryDirectory()
    let path = directory.write("old.csv", "old,content\n1,2\n3,4\n")
    chmod(path, 0o600)
    let writer = try CSVWriter(target: .file(path), header: ["new"])
    try writer.write(["1"])
    try writer.close()
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n1\n")
    let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(permissions == 0o600)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["old.csv"])
  }

  @Test("a symbolic link, a directory or a FIFO at the target is refused when the writer opens")
  func refusesNonRegularTargets() throws {
    let directory = TemporaryDirectory()
    let kept = directory.write("kept.csv", "precious\n")
    let link = directory.file("link.csv")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: kept)
    let folder = directory.file("folder")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    let fifo = directory.file("fifo")
    #expect(mkfifo(fifo, 0o600) == 0)
    for (path, message) in [
      (link, "is a symbolic link; name the file it points to"), (folder, "is a directory, not a file"),
      (fifo, "is not a regular file; use - for standard output"),
    ] {
      #expect(throws: DataFileError(file: path, message: message)) { try CSVWriter(path: path, header: ["a"]) }
    }
    #expect(try String(contentsOfFile: kept, encoding: .utf8) == "precious\n")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [
        "fifo", "folder", "kept.csv", "link.csv",
      ])
  }

  @Test("close() refuses when the target became a symbolic link meanwhile, and removes the temporary file")
  func recheckBeforeRename() throws {
    let directory = TemporaryDirectory()
    let kept = directory.write("kept.csv", "precious\n")
    let path = directory.file("out.csv")
    let writer = try CSVWriter(path: path, header: ["a"])
    try writer.write(["1"])
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: kept)
    #expect(throws: DataFileError(file: path, message: "is a symbolic link; name the file it points to")) {
      try writer.close()
    }
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path) == kept)
    #expect(try String(contentsOfFile: kept, encoding: .utf8) == "precious\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["kept.csv", "out.csv"])
  }

  @Test("- writes to standard output, neutralised like a file")
  func standardOutput() async throws {
    let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
      let writer = try CSVWriter(path: "-", header: ["a", "b"])
      try writer.write(["=1", "-2"])
      writer.field("x")
      writer.field(Int64(7))
      try writer.endRecord()
      try writer.close()
    }
    #expect(result.map { String(decoding: $0.standardOutputContent, as: UTF8.self) } == "a,b\n'=1,-2\nx,7\n")
  }
}
