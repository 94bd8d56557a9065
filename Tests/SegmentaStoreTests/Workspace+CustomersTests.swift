import Foundation
import GRDB
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaStore

@Suite("Columnar customers: the same answers as the row store")
struct WorkspaceCustomersTests {
  /// Imports `file` into `workspace` (in parts of `recordsPerUnit` records, guessing types from the
  /// first `sampleRecords`) and the same rows into the reference row table, with the types the
  /// import decided.
  static func importBoth(
    _ file: (header: [String], rows: [[String]]), into workspace: Workspace, reference: DatabaseQueue,
    recordsPerUnit: Int, sampleRecords: Int = CustomerFileCheck.sampleRecords
  ) throws {
    let text = ([file.header] + file.rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    let units = try RecordSourceUnits(
      open: { () throws(DataFileError) -> any RecordSource in RecordLines(text) }, recordsPerUnit: recordsPerUnit)
    _ = try workspace.importCustomers(units: units, options: CustomerImportOptions(), sampleRecords: sampleRecords)
    let types = Dictionary(uniqueKeysWithValues: try workspace.customerColumns().map { ($0.name, $0.type) })
    try reference.write { db in
      try RowStoreReference.upsert(db, header: file.header, rows: file.rows, types: types)
    }
  }

  @Test(
    "property: after any sequence of upserts, new columns and widenings, every reader answers as the row store did",
    arguments: 0..<24)
  func matchesRowStore(seed: Int) throws {
    var generator = CustomerFileGenerator(seed: UInt64(seed))
    var random = SplitMix64(seed: UInt64(seed) &+ 1000)
    let workspace = try Workspace.inMemory()
    let reference = try DatabaseQueue()
    try reference.write { db in try RowStoreReference.createTables(db) }
    for _ in 0..<5 {
      let types = Dictionary(uniqueKeysWithValues: try workspace.customerColumns().map { ($0.name, $0.type) })
      let file = generator.file(types: types, maxRows: 120)
      // Types guessed from a few records, so that parts are converted or read again once settled.
      try Self.importBoth(
        file, into: workspace, reference: reference, recordsPerUnit: Int.random(in: 1...60, using: &random),
        sampleRecords: Int.random(in: 0...20, using: &random))
      let expected = try reference.read { db in try RowStoreReference.answers(db) }
      let actual = try RowStoreReference.answers(workspace)
      #expect(actual.firstDifference(from: expected) == nil, "seed \(seed)")
      #expect(try workspace.customerCount() == expected.keys.count)
      // A few customers, in any order, with keys no customer has: looked up chunk by chunk.
      let picked = (0..<5).compactMap { _ in expected.keys.randomElement(using: &random) } + [0, 1 << 40]
      let names = try workspace.customerColumns().filter { $0.type != .text }.map(\.name)
      let values = try workspace.customerValues(columns: names, keys: picked)
      for name in names {
        let want = picked.map { key in
          expected.keys.firstIndex(of: key).map { expected.numbers[name]?[$0] ?? 0 } ?? Double.nan.bitPattern
        }
        #expect(values[name]?.values.map(\.bitPattern) == want, "seed \(seed), column \(name)")
      }
      #expect(try workspace.integrityCheck() == "ok")
    }
  }

  @Test("customers across several chunks: appends, scattered updates and a new column keep every value")
  func severalChunks() throws {
    let workspace = try Workspace.inMemory()
    let reference = try DatabaseQueue()
    try reference.write { db in try RowStoreReference.createTables(db) }
    let first = ColumnChunk.rows + 3_000
    var rows = (0..<first).map { ["C\($0)", String($0 % 977), $0 % 5 == 0 ? "" : "\($0 / 7).25", "p\($0 % 9)"] }
    try Self.importBoth(
      (["customer_id", "calls", "arpu", "plan"], rows), into: workspace, reference: reference, recordsPerUnit: 5_000)
    // Every third known customer and as many new ones, in a shuffled order, with a new column.
    var random = SplitMix64(seed: 7)
    rows = stride(from: 0, to: first, by: 3).map { ["C\($0)", "-\($0)", "1e\($0 % 40)", "", "\($0 % 2 == 0)"] }
    rows += (first..<(first + ColumnChunk.rows)).map { ["C\($0)", "7", "", "new", "true"] }
    rows.shuffle(using: &random)
    try Self.importBoth(
      (["customer_id", "calls", "arpu", "plan", "vip"], rows), into: workspace, reference: reference,
      recordsPerUnit: 4_096)
    let expected = try reference.read { db in try RowStoreReference.answers(db) }
    #expect(expected.keys.count == first + ColumnChunk.rows)
    #expect(try RowStoreReference.answers(workspace).firstDifference(from: expected) == nil)
    let index = try #require(expected.ids.firstIndex(of: "C\(first + 5)"))
    #expect(try workspace.customerKey(id: "C\(first + 5)") == expected.keys[index])
    #expect(try workspace.customerKey(id: "nobody") == nil)
  }
}

@Suite("Migration of a version-8 workspace to columnar customers")
struct CustomerRowsMigrationTests {
  @Test("a version-8 row table migrates: every reader answers as before, and later imports agree with the row store")
  func migratesRowTable() throws {
    let directory = TemporaryDirectory()
    let path = directory.file("old.db")
    // A workspace at schema version 8, its customers written as version 8 wrote them.
    let old = try DatabaseQueue(path: path)
    try old.write { db in try db.execute(sql: "PRAGMA application_id = \(Workspace.applicationID)") }
    try Workspace.migrator.migrate(old, upTo: "v8-team")
    var generator = CustomerFileGenerator(seed: 99)
    let staging = try Workspace.inMemory()
    for _ in 0..<4 {
      // The types come from a columnar import of the same rows, as version 8 inferred them.
      let types = Dictionary(uniqueKeysWithValues: try staging.customerColumns().map { ($0.name, $0.type) })
      let file = generator.file(types: types, maxRows: 150)
      let reference = try DatabaseQueue()
      try reference.write { db in try RowStoreReference.createTables(db) }
      try WorkspaceCustomersTests.importBoth(file, into: staging, reference: reference, recordsPerUnit: 1_000)
      let settled = Dictionary(uniqueKeysWithValues: try staging.customerColumns().map { ($0.name, $0.type) })
      try old.write { db in try RowStoreReference.upsert(db, header: file.header, rows: file.rows, types: settled) }
    }
    // A key without a customer, as a deletion would have left.
    try old.write { db in try db.execute(sql: "DELETE FROM customer WHERE key = 3") }
    let expected = try old.read { db in try RowStoreReference.answers(db) }
    try old.close()
    let referencePath = directory.file("reference.db")
    try FileManager.default.copyItem(atPath: path, toPath: referencePath)

    let workspace = try Workspace.open(at: path, for: .read)
    #expect(try RowStoreReference.answers(workspace).firstDifference(from: expected) == nil)
    #expect(!expected.keys.contains(3) && expected.keys.count > 100)
    #expect(try workspace.customerCount() == expected.keys.count)
    #expect(try workspace.integrityCheck() == "ok")
    let tables = try workspace.read { db in
      try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    #expect(tables.contains("customer_chunk") && !tables.contains("customer"))

    // Imports into the migrated workspace keep agreeing with the row store.
    let reference = try DatabaseQueue(path: referencePath)
    for _ in 0..<2 {
      let types = Dictionary(uniqueKeysWithValues: try workspace.customerColumns().map { ($0.name, $0.type) })
      try WorkspaceCustomersTests.importBoth(
        generator.file(types: types, maxRows: 80), into: workspace, reference: reference, recordsPerUnit: 9)
      let now = try reference.read { db in try RowStoreReference.answers(db) }
      #expect(try RowStoreReference.answers(workspace).firstDifference(from: now) == nil)
    }
  }
}
