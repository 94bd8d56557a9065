import Foundation
import GRDB
import PropertyBased
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Customer import: types, upsert, schema, bad rows, rejects")
struct ImportCustomersWorkflowTests {
  @Test("progress counts the file's bytes while checking, then the columns while writing")
  func progress() throws {
    let directory = TemporaryDirectory()
    let progress = RecordingProgress()
    let context = WorkflowContext(workspace: try Workspace.inMemory(), progress: progress, user: "tester")
    let text = plantedCustomersCSV(count: 50)
    try importCSV(text, into: context, directory: directory)
    let checking = progress.recorded.filter { $0.detail == "checking" }
    let writing = progress.recorded.filter { $0.detail == "writing" }
    #expect(checking.last?.unit == .bytes && checking.last?.done == text.utf8.count)
    #expect(checking.allSatisfy { $0.total == text.utf8.count })
    // The ids and the four columns.
    #expect(writing.last?.unit == .items && writing.last?.done == 5 && writing.last?.total == 5)
  }

  @Test("types are inferred, stored and catalogued; Chinese headers and values are kept")
  func inference() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    let workspace = try store(context)
    let summary = try importCSV(
      """
      customer_id,年龄,arpu,vip,开户日期,last_seen,城市,phone,zip
      C1,34,88.5,yes,2020-01-15,2024-03-01 10:00:00,北京,13800000001,0571
      C2,,120,no,20190301,2024-03-02T11:30:00,"上海, 浦东",13800000002,0100
      C3,29,,Y,2021-12-31,,,,
      """, into: context, directory: directory)
    #expect(summary.rowsRead == 3 && summary.inserted == 3 && summary.updated == 0 && summary.rejected == 0)
    let types = Dictionary(uniqueKeysWithValues: summary.columns.map { ($0.name, $0.type) })
    #expect(
      types == [
        "年龄": .integer, "arpu": .decimal, "vip": .boolean, "开户日期": .date, "last_seen": .timestamp, "城市": .text,
        "phone": .text, "zip": .text,
      ])
    #expect(summary.columns.first { $0.name == "phone" }?.personal == true)
    let rows = try customers(workspace)
    #expect(rows["C1"]?["年龄"] == 34.databaseValue)
    #expect(rows["C2"]?["年龄"] == .null)
    #expect(rows["C1"]?["arpu"] == 88.5.databaseValue)
    #expect(rows["C2"]?["vip"] == 0.databaseValue)
    #expect(rows["C2"]?["开户日期"] == "2019-03-01".databaseValue)
    #expect(rows["C2"]?["last_seen"] == "2024-03-02T11:30:00".databaseValue)
    #expect(rows["C2"]?["城市"] == "上海, 浦东".databaseValue)
    #expect(rows["C1"]?["zip"] == "0571".databaseValue)
    #expect(try workspace.customerColumns().map(\.storage) == (1...8).map { "c\($0)" })
  }

  @Test("importing again updates existing customers, adds new ones and new columns (upsert)")
  func upsert() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    let workspace = try store(context)
    try importCSV("customer_id,age,city\nA,30,北京\nB,40,上海\n", into: context, directory: directory)
    let second = try importCSV(
      "customer_id,age,plan\nB,41,P88\nC,22,P18\n", into: context, directory: directory, name: "more.csv")
    #expect(second.rowsRead == 2 && second.inserted == 1 && second.updated == 1)
    #expect(second.columns.map(\.added) == [false, true])
    #expect(second.customersInWorkspace == 3)
    let rows = try customers(workspace)
    #expect(rows["A"] == ["age": 30.databaseValue, "city": "北京".databaseValue, "plan": .null])
    #expect(rows["B"] == ["age": 41.databaseValue, "city": "上海".databaseValue, "plan": "P88".databaseValue])
    #expect(rows["C"] == ["age": 22.databaseValue, "city": .null, "plan": "P18".databaseValue])
    let runs = try workspace.database.read { db in
      try Row.fetchAll(db, sql: "SELECT inserted, updated FROM import_run ORDER BY id")
    }
    #expect(runs.map { [$0[0] as Int, $0[1] as Int] } == [[2, 0], [1, 1]])
  }

  @Test("an integer column widens to decimal; text where the workspace holds numbers is refused")
  func existingTypes() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    let workspace = try store(context)
    try importCSV("customer_id,spend\nA,10\n", into: context, directory: directory)
    try importCSV("customer_id,spend\nB,10.5\n", into: context, directory: directory, name: "b.csv")
    #expect(try workspace.customerColumns().first?.type == .decimal)
    let before = try snapshot(workspace)
    #expect(
      throws: SegmentaError(
        .invalidData, "expected a number, found 'lots'", file: directory.file("c.csv"), line: 3, column: 2,
        field: "spend")
    ) {
      try importCSV("customer_id,spend\nC,1\nD,lots\n", into: context, directory: directory, name: "c.csv")
    }
    #expect(try snapshot(workspace) == before)
  }

  @Test("a schema fixes types and personal-data flags and names the id column")
  func schema() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    let workspace = try store(context)
    let schema = try ImportSchemaParser.parse(
      """
      id_column: msisdn
      columns:
        score: decimal
        code: {type: text}
        contact: {type: text, personal: true}
        phone: {personal: false}
      """, file: "schema.yaml")
    let summary = try importCSV(
      "msisdn,score,code,contact,phone\n1380001,5,12,x,42\n", into: context, directory: directory,
      options: CustomerImportOptions(schema: schema))
    let columns = Dictionary(uniqueKeysWithValues: summary.columns.map { ($0.name, $0) })
    #expect(columns["score"]?.type == .decimal && columns["score"]?.typeSource == "schema")
    #expect(columns["code"]?.type == .text)
    #expect(columns["contact"]?.personal == true)
    #expect(columns["phone"]?.personal == false && columns["phone"]?.type == .integer)
    #expect(try customers(workspace)["1380001"]?["code"] == "12".databaseValue)
    #expect(throws: SpecFileError.self) { try ImportSchemaParser.parse("columns:\n  age: number\n", file: "s.yaml") }
    let missingSchema = #expect(throws: SegmentaError.self) {
      try ImportCustomersWorkflow(path: directory.file("customers.csv"), schemaPath: directory.file("none.yaml"))
        .run(context)
    }
    #expect(missingSchema?.code == .invalidSpec)
  }

  /// Bad files and the error each must raise, as (name, content, line, column, message prefix).
  static let badFiles: [(String, [UInt8], Int?, Int?, String)] = [
    (
      "wrong field count", Array("customer_id,age\nA,1\nB,2,3\n".utf8), 3, nil,
      "expected 2 fields as in the header, found 3"
    ),
    (
      "unterminated quote", Array("customer_id,note\nA,ok\nB,\"never closed\nC,x\n".utf8), 3, 2,
      "a quoted field is never closed"
    ),
    ("quote in unquoted field", Array("customer_id,note\nA,5\"\n".utf8), 2, 2, "a quote (\") inside an unquoted field"),
    ("invalid UTF-8", Array("customer_id,city\nA,ok\nB,".utf8) + [0xFF, 0x0A], 3, 2, "invalid UTF-8"),
    ("empty file", [], nil, nil, "the file is empty"),
    ("header only", Array("customer_id,age\n".utf8), nil, nil, "the file has a header but no customer rows"),
    ("missing id", Array("customer_id,age\nA,1\n  ,2\n".utf8), 3, 1, "the customer id is empty"),
    (
      "duplicate id", Array("customer_id,age\nA,1\nB,2\nA,3\n".utf8), 4, 1,
      "duplicate customer id: the same id is on line 2"
    ),
    ("no id column", Array("id,age\nA,1\n".utf8), 1, nil, "no column 'customer_id' holds the customer id"),
  ]

  @Test(
    "each kind of bad input stops the import with file, line and column, and the workspace is exactly as before",
    arguments: badFiles.indices)
  func badInputFails(index: Int) throws {
    let (_, bytes, line, column, message) = Self.badFiles[index]
    let directory = TemporaryDirectory()
    let context = try makeContext()
    let workspace = try store(context)
    try importCSV("customer_id,age,note,city\nZ,99,kept,北京\n", into: context, directory: directory, name: "first.csv")
    let before = try snapshot(workspace)
    let error = #expect(throws: SegmentaError.self) {
      try importBytes(bytes, into: context, directory: directory, name: "bad.csv")
    }
    #expect(error?.code == .invalidData)
    #expect(error?.file == directory.file("bad.csv"))
    #expect(error?.line == line)
    #expect(error?.column == column)
    #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
    #expect(try snapshot(workspace) == before)
    #expect(try workspace.integrityCheck() == "ok")
  }

  @Test("the value of a personal-data column is never quoted in an error")
  func personalValuesHidden() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    let workspace = try store(context)
    let schema = ImportSchema(columns: ["mobile": .init(type: .integer)])
    #expect(
      throws: SegmentaError(
        .invalidData, "expected a whole number, found a value (hidden: personal data)",
        file: directory.file("customers.csv"), line: 2, column: 2, field: "mobile")
    ) {
      try importCSV(
        "customer_id,mobile\nA,138-0000-1234\n", into: context, directory: directory,
        options: CustomerImportOptions(schema: schema))
    }
  }

  @Test("with --on-error skip the good rows are imported and every bad row is reported with its line and reason")
  func skipMode() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    let workspace = try store(context)
    try importCSV("customer_id,age\nA,1\n", into: context, directory: directory, name: "first.csv")
    let rejectsPath = directory.file("rejects.csv")
    var bytes = Array("customer_id,age\nA,10\nB,20\nC,2,extra\n,30\nB,40\nD,x\"y\nE,".utf8)
    bytes += [0xC3, 0x28]
    bytes += Array("\nF,60\n\"G,70\n".utf8)
    let summary = try importBytes(
      bytes, into: context, directory: directory, options: CustomerImportOptions(onError: .skip), rejects: rejectsPath)
    let rejects = try RejectsFile(path: rejectsPath)
    #expect(summary.rowsRead == 9)
    #expect(summary.inserted == 2)  // B, F
    #expect(summary.updated == 1)  // A
    #expect(summary.rejected == 6)
    #expect(summary.inserted + summary.updated + summary.rejected == summary.rowsRead)
    #expect(rejects.records.map(\.line) == ["4", "5", "6", "7", "8", "10"])
    #expect(
      rejects.records.map(\.reason) == [
        "expected 2 fields as in the header, found 3", "the customer id is empty",
        "duplicate customer id: the same id is on line 3",
        "a quote (\") inside an unquoted field; quote the whole field and double the quotes inside it",
        "invalid UTF-8 (byte 0xC3); save the file as UTF-8", "a quoted field is never closed (unterminated quote)",
      ])
    #expect(rejects.records[0].text == "C,2,extra")
    #expect(rejects.records[3].text == "D,x\"y")
    #expect(rejects.records[5].text == "\"G,70")
    #expect(
      summary.rejectedByReason == [
        .wrongFieldCount: 1, .missingCustomerID: 1, .duplicateCustomerID: 1, .malformedCSV: 2, .invalidUTF8: 1,
      ])
    let rows = try customers(workspace)
    #expect(rows.keys.sorted() == ["A", "B", "F"])
    #expect(rows["A"]?["age"] == 10.databaseValue && rows["B"]?["age"] == 20.databaseValue)
  }

  /// The rows of a rejects file: line, column, column_name, reason, record.
  struct RejectsFile {
    var records: [(line: String, reason: String, text: String)] = []

    init(path: String) throws {
      let reader = try CSVReader(path: path)
      #expect(reader.header == ["line", "column", "column_name", "reason", "record"])
      while try reader.next() {
        records.append((reader.string(at: 0), reader.string(at: 3), reader.string(at: 4)))
      }
    }
  }

  @Test("property: inserted + updated + rejected = rows read, and exactly the good rows land")
  func countsAddUp() async throws {
    let rowKinds = Gen.int(in: 0...5).array(of: 1...40)
    await propertyCheck(count: 60, input: rowKinds, Gen.int(in: 0...20)) { kinds, existing in
      do {
        let directory = TemporaryDirectory()
        let context = try makeContext()
        let workspace = try store(context)
        if existing > 0 {
          let seed = (0..<existing).map { "id\($0),0" }.joined(separator: "\n")
          try importCSV("customer_id,n\n" + seed + "\n", into: context, directory: directory, name: "seed.csv")
        }
        var lines = ["customer_id,n"]
        var good: [String: Int] = [:]
        var expectedRejected = 0
        for (row, kind) in kinds.enumerated() {
          let id = "id\(row % 25)"
          switch kind {
          case 0, 1, 2:  // a good row, unless its id was already used in this file
            lines.append("\(id),\(row)")
            if good[id] == nil { good[id] = row } else { expectedRejected += 1 }
          case 3:
            lines.append("\(id),\(row),extra")
            expectedRejected += 1
          case 4:
            lines.append(",\(row)")
            expectedRejected += 1
          default:
            lines.append("\(id),1\"2")
            expectedRejected += 1
          }
        }
        let summary = try importCSV(
          lines.joined(separator: "\n") + "\n", into: context, directory: directory,
          options: CustomerImportOptions(onError: .skip))
        #expect(summary.rowsRead == kinds.count)
        #expect(summary.inserted + summary.updated + summary.rejected == summary.rowsRead)
        #expect(summary.rejected == expectedRejected)
        let existingIDs = Set((0..<existing).map { "id\($0)" })
        #expect(summary.updated == good.keys.filter(existingIDs.contains).count)
        let rows = try customers(workspace)
        for (id, value) in good { #expect(rows[id]?["n"] == value.databaseValue) }
        #expect(rows.count == existingIDs.union(good.keys).count)
      } catch {
        Issue.record("\(error)")
      }
    }
  }

  @Test("inf and numbers beyond Double's range are refused in number columns, located; NaN is missing")
  func nonFinite() throws {
    let schema = ImportSchema(columns: ["spend": .init(type: .decimal)])
    for bad in ["inf", "-Infinity", "1e309"] {
      let directory = TemporaryDirectory()
      let context = try makeContext()
      let error = #expect(throws: SegmentaError.self) {
        try importCSV(
          "customer_id,spend\nA,1.5\nB,\(bad)\n", into: context, directory: directory,
          options: CustomerImportOptions(schema: schema))
      }
      #expect(error?.line == 3 && error?.column == 2 && error?.message == "expected a number, found '\(bad)'")
    }
    let directory = TemporaryDirectory()
    let context = try makeContext()
    let summary = try importCSV("customer_id,spend\nA,1.5\nB,NaN\n", into: context, directory: directory)
    #expect(summary.columns.first?.type == .decimal)
    let keys = try store(context).customerKeys()
    #expect(try store(context).customerValues(columns: ["spend"], keys: keys)["spend"]?.values[1].isNaN == true)
  }

  @Test("personal columns are found by name and by their values' shape; a schema can overrule")
  func personalDetection() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    let summary = try importCSV(
      """
      customer_id,contact,mail,sfz,姓名,email_opt_out,plan,note
      A,13812345678,a@example.com,11010519491231002X,张三,yes,P1,hello
      B,+86 139-0000-1111,b.c@mail.cn,440524188001010014,李四,no,P2,
      C,,,,王五,no,P3,=1+2
      """, into: context, directory: directory)
    let personal = Dictionary(uniqueKeysWithValues: summary.columns.map { ($0.name, $0.personal) })
    #expect(
      personal == [
        "contact": true, "mail": true, "sfz": true, "姓名": true, "email_opt_out": false, "plan": false, "note": false,
      ])
    #expect(summary.columns.first { $0.name == "contact" }?.type == .text)
    #expect(summary.notes.isEmpty)
    let overruled = try importCSV(
      "customer_id,handset\nA,13812345678\n", into: context, directory: directory, name: "b.csv",
      options: CustomerImportOptions(schema: ImportSchema(columns: ["handset": .init(personal: false)])))
    #expect(overruled.columns.first?.personal == false)
    // Ids that are phone numbers are shown everywhere: the import says so.
    let phones = try importCSV(
      "customer_id,plan\n13800000001,P1\n13800000002,P2\n", into: try makeContext(), directory: directory,
      name: "c.csv")
    #expect(phones.notes.first?.contains("customer ids look like mobile numbers") == true)
  }

  @Test("two imports adding the same new column both succeed: the second joins the first's column")
  func concurrentNewColumn() throws {
    let directory = TemporaryDirectory()
    let first = try makeFileContext(directory)
    try importCSV("customer_id,age\nA,1\nB,2\n", into: first, directory: directory)
    let other = WorkflowContext(workspacePath: first.workspacePath)
    let plans = directory.write("plans.csv", "customer_id,plan\nA,P1\nC,P3\n")
    let racing = directory.write("racing.csv", "customer_id,plan,age\nB,P2,3\nA,P9,4\n")
    // The second import checks its file first; while it waits to write, the first adds `plan` and C.
    var interleaved = false
    let summary = try store(other).importCustomers(
      open: { () throws(DataFileError) -> any RecordSource in try CSVReader(path: racing) },
      options: CustomerImportOptions(),
      progress: { phase, done, total in
        guard phase == .checking && done == total && !interleaved else { return }
        interleaved = true
        _ = try? ImportCustomersWorkflow(path: plans).run(first)
      })
    #expect(interleaved)
    #expect(summary.inserted == 0 && summary.updated == 2)
    let workspace = try store(first)
    #expect(try workspace.customerColumns().map(\.name) == ["age", "plan"])
    let keys = try workspace.customerKeys()
    #expect(try workspace.customerIDs(keys: keys) == ["A", "B", "C"])
    #expect(try workspace.customerText(columns: ["plan"], keys: keys)["plan"] == ["P9", "P2", "P3"])
    #expect(try workspace.integrityCheck() == "ok")
  }
}
