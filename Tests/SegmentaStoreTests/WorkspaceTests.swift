import Foundation
import GRDB
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaStore

@Suite("Workspace: create, open, refuse, migrate, wide tables")
struct WorkspaceTests {
  @Test("init creates a WAL database with synchronous = FULL; a second init opens it")
  func create() throws {
    let directory = TemporaryDirectory()
    let (workspace, created) = try Workspace.create(at: directory.file("w.db"))
    #expect(created)
    let (mode, synchronous, pageSize) = try workspace.database.read { db in
      (
        try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"),
        try Int.fetchOne(db, sql: "PRAGMA page_size")
      )
    }
    #expect(mode == "wal")
    #expect(synchronous == 2)
    #expect(pageSize == Workspace.pageSize)
    #expect(try workspace.integrityCheck() == "ok")
    #expect(try Workspace.create(at: directory.file("w.db")).created == false)
  }

  @Test("an in-memory workspace has the real schema")
  func inMemory() throws {
    let workspace = try Workspace.inMemory()
    #expect(try workspace.customerCount() == 0)
    #expect(try workspace.info("created_by")?.hasPrefix("segmenta ") == true)
    #expect(try workspace.periods().isEmpty && workspace.segmentations().isEmpty && workspace.tags().isEmpty)
  }

  @Test("opening a missing path, a text file or another program's database fails clearly")
  func notWorkspaces() throws {
    let directory = TemporaryDirectory()
    let missing = directory.file("none.db")
    #expect(
      throws: SegmentaError(
        .notFound, "no workspace at '\(missing)'; create one with `segmenta init --workspace \(missing)`", file: missing
      )
    ) {
      try Workspace.open(at: missing)
    }
    let text = directory.write("notes.txt", String(repeating: "hello world\n", count: 200))
    #expect(
      throws: SegmentaError(
        .notAWorkspace, "'\(text)' is not a Segmenta workspace (not an SQLite database)", file: text)
    ) {
      try Workspace.open(at: text)
    }
    let foreign = directory.file("foreign.db")
    try DatabaseQueue(path: foreign).write { db in try db.execute(sql: "CREATE TABLE t(x)") }
    #expect(
      throws: SegmentaError(
        .notAWorkspace, "'\(foreign)' is not a Segmenta workspace (an SQLite database made by another program)",
        file: foreign)
    ) {
      try Workspace.open(at: foreign)
    }
    let noFolder = directory.file("missing/w.db")
    let error = #expect(throws: SegmentaError.self) { try Workspace.create(at: noFolder) }
    #expect(error?.code == .notFound && error?.description.contains("the folder does not exist") == true)
  }

  @Test("a workspace written by a newer version is refused and left untouched")
  func newerVersion() throws {
    let directory = TemporaryDirectory()
    let path = directory.file("w.db")
    _ = try Workspace.create(at: path)
    try DatabaseQueue(path: path).write { db in
      try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-future-feature')")
    }
    let error = #expect(throws: SegmentaError.self) { try Workspace.open(at: path) }
    #expect(error?.code == .newerWorkspace)
    #expect(
      error?.description.contains("schema version 99; this version reads up to \(Workspace.schemaVersion)") == true)
    #expect(error?.description.contains("upgrade Segmenta") == true)
    let identifiers = try DatabaseQueue(path: path).read { db in
      try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
    }
    #expect(identifiers.last == "v99-future-feature")
  }

  @Test("database failures keep SQLite's result code")
  func databaseErrors() throws {
    let workspace = try Workspace.inMemory()
    let error = #expect(throws: SegmentaError.self) {
      try workspace.read { db in try db.execute(sql: "SELECT * FROM no_such_table") }
    }
    #expect(error?.code == .database)
    #expect(error?.sqliteCode == 1)
    #expect(error?.description.hasPrefix("workspace database error: no such table: no_such_table") == true)
  }

  @Test("a wide table round-trips; a period is kept unless replaced; the latest is found")
  func wideTables() throws {
    let workspace = try Workspace.inMemory()
    #expect(try workspace.wideTableIfBuilt(period: nil) == nil)
    try importLines("customer_id,age\nA,30\nB,40\n", into: workspace)
    let (keys, _) = try workspace.customerIndex()
    let definition = FeatureDefinition(
      name: "calls", label: FeatureLabel(zh: "通话次数", en: "Calls"), kind: .aggregate(EventAggregate(function: .count)))
    let table = WideTable(customerCount: 2, columns: [WideTableColumn(definition: definition, values: [3, .nan])])
    let period = PeriodInfo(
      label: "2024Q1", builtAt: "2024-04-01T00:00:00Z", referenceDate: "2024-03-31", customerCount: 2, eventsRead: 5,
      unknownCustomerRows: 1, afterReferenceRows: 0, sources: ["calls.csv"], featureCount: 1)
    try workspace.saveWideTable(table, customerKeys: keys, period: period, specText: "spec", replace: false)
    let loaded = try workspace.wideTable(period: nil)
    #expect(loaded.period == period)
    #expect(loaded.customerKeys == keys)
    #expect(loaded.features.map(\.name) == ["calls"])
    #expect(loaded.features[0].label == FeatureLabel(zh: "通话次数", en: "Calls"))
    #expect(loaded.features[0].values[0] == 3 && loaded.features[0].values[1].isNaN)
    #expect(try workspace.wideTableIfBuilt(period: nil)?.period == period)
    let clash = #expect(throws: SegmentaError.self) {
      try workspace.saveWideTable(table, customerKeys: keys, period: period, specText: "spec", replace: false)
    }
    #expect(clash?.code == .conflict)
    try workspace.saveWideTable(table, customerKeys: keys, period: period, specText: "spec", replace: true)
    #expect(try workspace.periods().count == 1)
    #expect(throws: SegmentaError(.notFound, "no period 'nope' in the workspace; periods are: 2024Q1")) {
      try workspace.wideTable(period: "nope")
    }
    #expect(throws: SegmentaError.self) { try workspace.wideTableIfBuilt(period: "nope") }
  }
}
