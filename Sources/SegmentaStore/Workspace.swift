import Foundation
import GRDB
import SegmentaCore

/// A Segmenta workspace: one SQLite file holding customers, wide tables and everything built on them.
///
/// The database runs in WAL mode with `synchronous = FULL`, so a committed import survives a power
/// loss and an interrupted one (even by `kill -9`) leaves the workspace as it was. The schema is
/// versioned by migrations; a workspace written by a newer Segmenta is refused rather than misread.
/// The database handle stays inside this module: other layers use the typed methods of the
/// `Workspace+…` extensions, which throw ``SegmentaError`` (database failures keep SQLite's result
/// code).
package final class Workspace: Sendable {
  /// Path of the database file (":memory:" for an in-memory workspace).
  package let path: String
  let database: DatabaseQueue

  /// The highest schema version this build understands.
  package static let schemaVersion = 13
  /// `PRAGMA application_id` of Segmenta workspaces ('SGMT').
  static let applicationID: Int32 = 0x5347_4D54

  private init(path: String, database: DatabaseQueue) {
    self.path = path
    self.database = database
  }

  /// Creates a workspace at `path`, or opens the one already there; `created` tells which.
  package static func create(at path: String) throws(SegmentaError) -> (workspace: Workspace, created: Bool) {
    if FileManager.default.fileExists(atPath: path) {
      return (try open(at: path), false)
    }
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
      throw SegmentaError(
        .notFound, "cannot create a workspace in '\(directory)': the folder does not exist", file: directory)
    }
    return try Self.converting {
      let database = try connect(path)
      try initialise(database)
      return (Workspace(path: path, database: database), true)
    }
  }

  /// A new workspace that lives in memory only, with the real schema: for tests.
  package static func inMemory() throws(SegmentaError) -> Workspace {
    try Self.converting {
      let database = try DatabaseQueue()
      try initialise(database)
      return Workspace(path: ":memory:", database: database)
    }
  }

  private static func initialise(_ database: DatabaseQueue) throws {
    try database.write { db in
      try db.execute(sql: "PRAGMA application_id = \(applicationID)")
    }
    try migrator.migrate(database)
    try database.write { db in
      try db.execute(
        sql: "INSERT INTO workspace_info(key, value) VALUES ('created_at', ?), ('created_by', ?)",
        arguments: [Timestamp.now(), "segmenta \(SegmentaVersion.current)"])
    }
  }

  /// What a command does with a workspace: reading commands open it read-only.
  package enum Access: Sendable, Equatable {
    /// Only reads: the file is opened read-only and never changed (not even switched to WAL).
    case read
    /// Writes: the file must be writable.
    case write
  }

  /// Opens the workspace at `path` for `access`, migrating an older schema forward.
  ///
  /// The file is first inspected through a read-only connection, so a file that is not a Segmenta
  /// workspace (or one written by a newer Segmenta) is refused without any write to it. A workspace
  /// is then opened read-write only when `access` is `.write` or its schema needs migrating, and a
  /// file that cannot be written is refused right away with a message, before any work.
  package static func open(at path: String, for access: Access = .write) throws(SegmentaError) -> Workspace {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw SegmentaError(
        .notFound, "no workspace at '\(path)'; create one with `segmenta init --workspace \(path)`", file: path)
    }
    guard !isDirectory.boolValue else { throw notAWorkspace(path, "a directory") }
    let needsMigration = try Self.converting(path: path) { try inspect(path) }
    guard access == .write || needsMigration else {
      return try Self.converting(path: path) {
        Workspace(path: path, database: try DatabaseQueue(path: path, configuration: readOnlyConfiguration()))
      }
    }
    guard FileManager.default.isWritableFile(atPath: path) else {
      throw SegmentaError(
        .fileAccess,
        needsMigration
          ? "workspace '\(path)' was made by an older Segmenta and must be upgraded, but the file is read-only; make it writable once (or work on a copy)"
          : "workspace '\(path)' is read-only (the file's permissions do not allow writing) and this command changes it; make it writable or work on a copy",
        file: path)
    }
    return try Self.converting(path: path) {
      let database = try connect(path)
      try migrator.migrate(database)
      return Workspace(path: path, database: database)
    }
  }

  /// Checks through a read-only connection that `path` is a Segmenta workspace this version can read;
  /// returns whether its schema needs migrating.
  private static func inspect(_ path: String) throws -> Bool {
    let probe = try DatabaseQueue(path: path, configuration: readOnlyConfiguration())
    defer { try? probe.close() }
    let (applicationID, applied) = try probe.read { db in
      (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try migrator.appliedIdentifiers(db))
    }
    guard applicationID == Self.applicationID else {
      throw notAWorkspace(path, "an SQLite database made by another program")
    }
    let versions = applied.compactMap(Self.version(ofMigration:))
    if let newest = versions.max(), newest > schemaVersion {
      throw SegmentaError(
        .newerWorkspace,
        "workspace '\(path)' was written by a newer Segmenta (schema version \(newest); this version reads up to \(schemaVersion)); upgrade Segmenta to open it",
        file: path)
    }
    return Set(applied) != Set(migrator.migrations)
  }

  /// A connection that can only read.
  private static func readOnlyConfiguration() -> Configuration {
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(10)
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
      try db.execute(sql: "PRAGMA mmap_size = \(mmapSize)")
    }
    return configuration
  }

  /// The page size of new workspaces: large pages hold the chunks of customer columns and wide tables
  /// in fewer pieces, so they are read and written faster (existing workspaces keep theirs).
  static let pageSize = 16_384
  /// KiB of database pages a connection keeps in memory.
  static let cacheKiB = 131_072
  /// Bytes of the workspace file read through a memory map rather than by system calls.
  static let mmapSize = 1 << 30

  /// Whether the workspace was opened read-only.
  package var isReadOnly: Bool { database.configuration.readonly }

  private static func notAWorkspace(_ path: String, _ reason: String) -> SegmentaError {
    SegmentaError(.notAWorkspace, "'\(path)' is not a Segmenta workspace (\(reason))", file: path)
  }

  private static func connect(_ path: String) throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    configuration.prepareDatabase { db in
      // Takes effect only while the file is still empty, before WAL mode writes its first page.
      try db.execute(sql: "PRAGMA page_size = \(pageSize)")
      // WAL is set here rather than with `configuration.journalMode`, whose setup would lower
      // `synchronous` to NORMAL afterwards; FULL syncs the log on every commit.
      guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
        throw SegmentaError(.database, "workspace database error: could not switch the database to WAL mode")
      }
      try db.execute(sql: "PRAGMA synchronous = FULL")
      try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
      try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
      try db.execute(sql: "PRAGMA mmap_size = \(mmapSize)")
    }
    return try DatabaseQueue(path: path, configuration: configuration)
  }

  /// The schema version a migration identifier belongs to (`v1-…` → 1).
  static func version(ofMigration identifier: String) -> Int? {
    guard identifier.hasPrefix("v"), let dash = identifier.firstIndex(of: "-") else { return nil }
    return Int(identifier[identifier.index(after: identifier.startIndex)..<dash])
  }

  /// Runs `body`, reporting database failures as ``SegmentaError/Code/database`` errors with SQLite's
  /// result code (a file that is not a database, when `path` is given, as not a workspace).
  static func converting<T>(path: String? = nil, _ body: () throws -> T) throws(SegmentaError) -> T {
    do {
      return try body()
    } catch let error as DatabaseError {
      if let path, error.resultCode == .SQLITE_NOTADB { throw notAWorkspace(path, "not an SQLite database") }
      if let path, error.extendedResultCode == .SQLITE_READONLY_DIRECTORY || error.resultCode == .SQLITE_CANTOPEN {
        throw SegmentaError(
          .fileAccess,
          "cannot open workspace '\(path)': SQLite keeps its log and shared-memory files (-wal, -shm) beside it, "
            + "and its folder cannot be written to; copy the workspace to a folder you can write to",
          file: path, sqliteCode: error.extendedResultCode.rawValue)
      }
      throw SegmentaError(
        .database, "workspace database error: \(error.message ?? error.description)",
        sqliteCode: error.extendedResultCode.rawValue)
    } catch {
      throw SegmentaError(error)
    }
  }

  /// Reads in one snapshot of the database.
  func read<T>(_ body: (Database) throws -> T) throws(SegmentaError) -> T {
    try Self.converting { try database.read(body) }
  }

  /// Writes in one transaction: all of `body` or nothing.
  func write<T>(_ body: (Database) throws -> T) throws(SegmentaError) -> T {
    try Self.converting { try database.write(body) }
  }

  /// Sets a workspace-level setting.
  package func setInfo(_ key: String, _ value: String) throws(SegmentaError) {
    try write { db in
      try db.execute(sql: "INSERT OR REPLACE INTO workspace_info(key, value) VALUES (?, ?)", arguments: [key, value])
    }
  }

  /// Reads a workspace-level setting.
  package func info(_ key: String) throws(SegmentaError) -> String? {
    try read { db in
      try String.fetchOne(db, sql: "SELECT value FROM workspace_info WHERE key = ?", arguments: [key])
    }
  }

  /// Runs `PRAGMA integrity_check`; "ok" when the file is sound.
  package func integrityCheck() throws(SegmentaError) -> String {
    try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
  }

  /// The schema and every row of the workspace as text (GRDB's dump).
  ///
  /// For checking that a failed operation changed nothing, and for diagnosis. It holds customer
  /// data: never show it to users.
  package func contentDump() throws(SegmentaError) -> String {
    let buffer = DumpBuffer()
    try Self.converting { try database.dumpContent(format: .quote(), to: buffer) }
    return buffer.text
  }
}

/// Collects a dump's text.
private final class DumpBuffer: TextOutputStream {
  var text = ""
  func write(_ string: String) { text += string }
}
