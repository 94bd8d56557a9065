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

@Suite("Event file reader")
struct EventFileReaderTests {
  static let spec = """
    events: {customer_id: cid, timestamp: ts, type: kind}
    reference_date: 2024-04-01
    features:
      - {name: calls, aggregate: count, where: {type: call}}
      - {name: seconds, aggregate: sum, of: secs}
      - {name: mean_seconds, aggregate: mean, of: secs, where: {type: call}}
      - {name: notes, aggregate: distinct, of: note}
      - {name: quoted, aggregate: count, where: {note: {in: ["a,b", "line1\\nline2"]}}}
      - {name: recent, aggregate: count, window_days: 10}
      - {name: recency, aggregate: recency}
    """

  /// An event file with quoted fields holding delimiters, quotes and line breaks.
  static func eventFile(rows: Int, seed: UInt64) -> String {
    var rng = SplitMix64(seed: seed)
    let notes = ["plain", "\"a,b\"", "\"line1\nline2\"", "\"say \"\"x\"\"\"", "", "\"multi\r\nline\r\nnote\""]
    var text = "cid,ts,kind,secs,note\n"
    for _ in 0..<rows {
      let customer = "C\(rng.next() % 50)"
      let day = 1 + rng.next() % 28
      let kind = rng.next() % 3 == 0 ? "sms" : "call"
      let seconds = rng.next() % 5 == 0 ? "" : String(rng.next() % 600)
      text += "\(customer),2024-03-\(day < 10 ? "0" : "")\(day) 0\(rng.next() % 10):15:00,\(kind),\(seconds),"
      text += notes[Int(rng.next() % UInt64(notes.count))] + (rng.next() % 4 == 0 ? "\r\n" : "\n")
      if rng.next() % 50 == 0 { text += "\n" }
    }
    return text
  }

  func build(_ path: String, chunkSize: Int, threads: Int) throws -> WideTable {
    let plan = try WideTablePlan(spec: WideTableSpecParser.parse(Self.spec, file: "spec.yaml"))
    let customers = FrozenByteStringTable(ByteStringTable((0..<50).map { "C\($0)" }))
    let accumulator = WideTableAccumulator(plan: plan, customerCount: 50)
    _ = try EventFileReader.read(
      path: path, customers: customers, into: accumulator, threads: threads, chunkSize: chunkSize)
    return try accumulator.finish(customerColumns: [:])
  }

  @Test(
    "tiny chunks on several threads give exactly the single-pass result, quoted line breaks and all",
    arguments: [(64, 3), (97, 2), (500, 4), (1 << 20, 1)])
  func chunkingIsInvisible(chunkSize: Int, threads: Int) throws {
    let directory = TemporaryDirectory()
    let path = directory.write("events.csv", Self.eventFile(rows: 2_000, seed: 11))
    let reference = try build(path, chunkSize: 1 << 24, threads: 1)
    let chunked = try build(path, chunkSize: chunkSize, threads: threads)
    for (a, b) in zip(reference.columns, chunked.columns) {
      let same = zip(a.values, b.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
      #expect(same, "\(a.definition.name)")
    }
    #expect(reference.column(named: "calls")!.values.reduce(0, +) > 1_000)
    #expect(reference.column(named: "quoted")!.values.reduce(0, +) > 300)
  }

  @Test("the result equals a straightforward recomputation from the parsed rows")
  func matchesReference() throws {
    let directory = TemporaryDirectory()
    let text = Self.eventFile(rows: 3_000, seed: 5)
    let path = directory.write("events.csv", text)
    let table = try build(path, chunkSize: 256, threads: 2)
    // Recompute with the sequential reader and plain Swift.
    let reader = try CSVReader(path: path)
    var calls = [Double](repeating: 0, count: 50)
    var seconds = [Double](repeating: 0, count: 50)
    var notes = [Set<String>](repeating: [], count: 50)
    var last = [Int](repeating: -1, count: 50)
    while try reader.next() {
      let customer = Int(reader.string(at: 0).dropFirst())!
      if reader.string(at: 2) == "call" { calls[customer] += 1 }
      seconds[customer] += Double(reader.string(at: 3)) ?? 0
      if !reader.string(at: 4).isEmpty { notes[customer].insert(reader.string(at: 4)) }
      let day = ValueParser.withBytes(of: String(reader.string(at: 1).prefix(10))) { ValueParser.parseDate($0)! }
      last[customer] = max(last[customer], day)
    }
    let reference = CivilDate.days(year: 2024, month: 4, day: 1)
    #expect(table.column(named: "calls")!.values == calls)
    #expect(table.column(named: "seconds")!.values == seconds)
    #expect(table.column(named: "notes")!.values == notes.map { Double($0.count) })
    let recency = table.column(named: "recency")!.values
    for customer in 0..<50 {
      if last[customer] < 0 {
        #expect(recency[customer].isNaN)
      } else {
        #expect(recency[customer] == Double(reference - last[customer]))
      }
    }
  }

  @Test(
    "a bad value deep in the file is located by line and column whatever the chunking",
    arguments: [(64, 2), (1 << 20, 1)])
  func errorLocation(chunkSize: Int, threads: Int) throws {
    let directory = TemporaryDirectory()
    var text = Self.eventFile(rows: 400, seed: 9)
    text += "C1,2024-03-05 10:00:00,call,12x,plain\n"
    let path = directory.write("events.csv", text)
    let reader = try CSVReader(path: path)
    var lastLine = 0
    while try reader.next() { lastLine = reader.line }
    do {
      _ = try build(path, chunkSize: chunkSize, threads: threads)
      Issue.record("expected an error")
    } catch let error as DataFileError {
      #expect(error.line == lastLine)
      #expect(error.column == 4 && error.columnName == "secs")
      #expect(error.message == "expected a number, found '12x'")
    }
  }

  @Test("unknown customers are counted with the line of the first one; a missing column is named")
  func unknownsAndMissingColumns() throws {
    let directory = TemporaryDirectory()
    let path = directory.write(
      "events.csv",
      "cid,ts,kind,secs,note\nC1,2024-03-05 10:00:00,call,5,x\nX9,2024-03-05 10:00:00,call,5,x\nX8,2024-03-06 10:00:00,sms,1,y\n"
    )
    let plan = try WideTablePlan(spec: WideTableSpecParser.parse(Self.spec, file: "spec.yaml"))
    let accumulator = WideTableAccumulator(plan: plan, customerCount: 2)
    let report = try EventFileReader.read(
      path: path, customers: FrozenByteStringTable(ByteStringTable(["C0", "C1"])), into: accumulator)
    #expect(report.rowsRead == 3 && report.unknownCustomerRows == 2 && report.firstUnknownCustomerLine == 3)
    let bad = directory.write("bad.csv", "customer,ts,kind,secs,note\nC1,2024-03-05,call,1,x\n")
    #expect(throws: DataFileError.self) {
      _ = try EventFileReader.read(
        path: bad, customers: FrozenByteStringTable(ByteStringTable(["C1"])), into: accumulator)
    }
  }
}

@Suite("Wide-table spec files")
struct WideTableSpecParserTests {
  func parseError(_ text: String) -> SpecFileError? {
    do {
      _ = try WideTableSpecParser.parse(text, file: "f.yaml")
      return nil
    } catch {
      return error
    }
  }

  @Test("the shipped demo spec parses into 40 features with Chinese and English labels")
  func demoSpec() throws {
    let spec = try WideTableSpecParser.parse(DemoSpecs.featuresYAML, file: "features.yaml")
    #expect(spec.features.count == 40)
    #expect(spec.referenceDay == CivilDate.days(year: 2024, month: 3, day: 31))
    #expect(spec.features[0].label == FeatureLabel(zh: "通话总分钟数", en: "Total call minutes"))
    #expect(spec.calendar.peakHours == MinuteRange(start: 480, end: 1080))
    #expect(spec.lists["broker_hotlines"]?.count == 6)
    let plan = try WideTablePlan(spec: spec)
    #expect(plan.customerColumns == ["start_date", "age", "arpu"])
    guard case .aggregate(let brokers) = spec.features.first(where: { $0.name == "broker_calls" })!.kind else {
      Issue.record("broker_calls is not an aggregate")
      return
    }
    #expect(
      brokers.filter.conditions == [.oneOf(field: "party", values: spec.lists["broker_hotlines"]!, negated: false)])
  }

  @Test(
    "mistakes are located by line and column",
    arguments: [
      (
        "features:\n  - name: a\n    agregate: count\n", 3, 5,
        "unknown key 'agregate' in a feature (did you mean 'aggregate'?)"
      ),
      ("features:\n  - name: a\n    aggregate: summ\n    of: x\n", 3, 16, "unknown aggregate 'summ'"),
      (
        "features:\n  - name: a\n    aggregate: count\n    where: {x: {in_list: nope}}\n", 4, 26, "no list named 'nope'"
      ),
      ("calendar:\n  peak_hours: \"8-18\"\nfeatures: []\n", 2, 15, "calendar.peak_hours must look like"),
      (
        "features:\n  - name: a\n    customer: age\n    bands: [30, 20]\n", 4, 12,
        "bands must be a non-empty list of increasing numbers"
      ),
      ("features:\n  - name: a\n    aggregate: sum\n", 3, 16, "feature 'a': 'sum' needs the field it reads"),
      (
        "features:\n  - name: a\n    aggregate: count\n    ratio: [a, b]\n", 2, 5,
        "feature 'a' has both 'aggregate' and 'ratio'"
      ),
      ("features:\n  - name: 2x\n    aggregate: count\n", 2, 11, "feature name '2x' must start with a letter"),
      ("features: [\n", 2, 1, "invalid YAML"),
      ("reference_date: 2024-02-30\nfeatures: []\n", 1, 17, "reference_date must be a date"),
    ])
  func located(text: String, line: Int, column: Int, message: String) {
    let error = parseError(text)
    #expect(error?.line == line, "\(String(describing: error))")
    #expect(error?.column == column, "\(String(describing: error))")
    #expect(error?.message.hasPrefix(message) == true, "\(String(describing: error))")
  }

  @Test("where: types, lists, negation and numeric and text comparisons")
  func whereClauses() throws {
    let spec = try WideTableSpecParser.parse(
      """
      lists: {vips: ["1", "2"]}
      features:
        - name: a
          aggregate: count
          where:
            type: [call, sms]
            network: own
            scope: [local, long]
            party: {in_list: vips}
            roaming: {not_in: [none]}
            duration: {gt: 0, le: 600}
            code: {eq: "007"}
            level: {eq: 3}
          split: [weekend, night]
          window_days: 7
      """, file: "f.yaml")
    guard case .aggregate(let aggregate) = spec.features[0].kind else {
      Issue.record("not an aggregate")
      return
    }
    #expect(aggregate.filter.eventTypes == ["call", "sms"])
    #expect(
      aggregate.filter.conditions == [
        .oneOf(field: "network", values: ["own"], negated: false),
        .oneOf(field: "scope", values: ["local", "long"], negated: false),
        .oneOf(field: "party", values: ["1", "2"], negated: false),
        .oneOf(field: "roaming", values: ["none"], negated: true),
        .compare(field: "duration", op: .greater, value: 0), .compare(field: "duration", op: .lessOrEqual, value: 600),
        .oneOf(field: "code", values: ["007"], negated: false), .compare(field: "level", op: .equal, value: 3),
      ])
    #expect(aggregate.filter.splits == [.weekend, .night])
    #expect(aggregate.filter.windowDays == 7)
  }
}

@Suite("Event file reader on hostile input")
struct EventFileReaderLimitTests {
  func failure(_ path: String, chunkSize: Int = 8 << 20, threads: Int = 2) throws -> DataFileError? {
    let plan = try WideTablePlan(spec: WideTableSpecParser.parse(EventFileReaderTests.spec, file: "spec.yaml"))
    let accumulator = WideTableAccumulator(plan: plan, customerCount: 50)
    let customers = FrozenByteStringTable(ByteStringTable((0..<50).map { "C\($0)" }))
    do {
      _ = try EventFileReader.read(
        path: path, customers: customers, into: accumulator, threads: threads, chunkSize: chunkSize)
      return nil
    } catch {
      return error
    }
  }

  @Test(
    "a NUL byte in a field is located by line and column whatever the chunking", arguments: [(64, 3), (1 << 20, 1)])
  func nulByte(chunkSize: Int, threads: Int) throws {
    let directory = TemporaryDirectory()
    var bytes = Array(EventFileReaderTests.eventFile(rows: 300, seed: 4).utf8)
    // The file has no lone carriage returns, so its line feeds count its lines.
    let line = bytes.filter { $0 == 0x0A }.count + 1
    bytes += Array("C1,2024-03-05 10:00:00,call,12,\"pla".utf8) + [0x00] + Array("in\"\n".utf8)
    let path = directory.write("events.csv", bytes: bytes)
    let error = try #require(try failure(path, chunkSize: chunkSize, threads: threads))
    #expect(error.line == line)
    #expect(error.column == 5 && error.columnName == "note")
    #expect(error.message == "a NUL byte (0x00) in a field; is this a binary file?")
  }

  @Test("a line longer than 4 MiB is located, not read whole", arguments: [(64, 2), (8 << 20, 1)])
  func longLine(chunkSize: Int, threads: Int) throws {
    let directory = TemporaryDirectory()
    var bytes = Array("cid,ts,kind,secs,note\nC1,2024-03-05 10:00:00,call,5,x\nC2,2024-03-05 10:00:00,call,5,".utf8)
    bytes += [UInt8](repeating: UInt8(ascii: "n"), count: 10_000_000)
    let path = directory.write("events.csv", bytes: bytes)
    let error = try #require(try failure(path, chunkSize: chunkSize, threads: threads))
    #expect(error.line == 3)
    #expect(error.message == "line 3 is longer than 4 MiB; is this a CSV file with line breaks?")
  }

  @Test("a directory, /dev/zero and a FIFO are refused as not regular files")
  func notRegularFiles() throws {
    let directory = TemporaryDirectory()
    let fifo = directory.file("events.fifo")
    #expect(mkfifo(fifo, 0o600) == 0)
    for path in [directory.path, "/dev/zero", fifo] {
      let error = try failure(path)
      #expect(error?.message.contains("not a regular file") == true, "\(path)")
    }
  }
}
