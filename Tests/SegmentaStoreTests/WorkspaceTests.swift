import Foundation
import GRDB
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaStore

@Suite("Workspace")
struct WorkspaceTests {
  @Test("init creates a WAL database with synchronous = FULL; a second init opens it")
  func create() throws {
    let directory = TemporaryDirectory()
    let (workspace, created) = try Workspace.create(at: directory.file("w.db"))
    #expect(created)
    let (mode, synchronous) = try workspace.database.read { db in
      (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
    }
    #expect(mode == "wal")
    #expect(synchronous == 2)
    #expect(try workspace.integrityCheck() == "ok")
    #expect(try Workspace.create(at: directory.file("w.db")).created == false)
  }

  @Test("opening a missing path, a text file or another program's database fails clearly")
  func notWorkspaces() throws {
    let directory = TemporaryDirectory()
    #expect(throws: WorkspaceError.notFound(path: directory.file("none.db"))) {
      try Workspace.open(at: directory.file("none.db"))
    }
    let text = directory.write("notes.txt", String(repeating: "hello world\n", count: 200))
    #expect(throws: WorkspaceError.notAWorkspace(path: text, reason: "not an SQLite database")) {
      try Workspace.open(at: text)
    }
    let foreign = directory.file("foreign.db")
    try DatabaseQueue(path: foreign).write { db in try db.execute(sql: "CREATE TABLE t(x)") }
    #expect(throws: WorkspaceError.notAWorkspace(path: foreign, reason: "an SQLite database made by another program")) {
      try Workspace.open(at: foreign)
    }
  }

  @Test("a workspace written by a newer version is refused and left untouched")
  func newerVersion() throws {
    let directory = TemporaryDirectory()
    let path = directory.file("w.db")
    _ = try Workspace.create(at: path)
    try DatabaseQueue(path: path).write { db in
      try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-future-feature')")
    }
    #expect(throws: WorkspaceError.newerVersion(path: path, found: 99, supported: Workspace.schemaVersion)) {
      try Workspace.open(at: path)
    }
    let error = WorkspaceError.newerVersion(path: path, found: 3, supported: 2)
    #expect(error.description.contains("upgrade Segmenta"))
  }

  @Test("a wide table round-trips; a period is kept unless replaced")
  func wideTables() throws {
    let directory = TemporaryDirectory()
    let workspace = try makeWorkspace(directory)
    try importCSV("customer_id,age\nA,30\nB,40\n", into: workspace, directory: directory)
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
    #expect(throws: WorkspaceError.self) {
      try workspace.saveWideTable(table, customerKeys: keys, period: period, specText: "spec", replace: false)
    }
    try workspace.saveWideTable(table, customerKeys: keys, period: period, specText: "spec", replace: true)
    #expect(try workspace.periods().count == 1)
    #expect(throws: WorkspaceError.invalidRequest("no period 'nope' in the workspace; periods are: 2024Q1")) {
      try workspace.wideTable(period: "nope")
    }
  }
}
