import Foundation
import GRDB
import SegmentaCore

/// A Segmenta workspace: one SQLite file holding customers, wide tables and everything built on them.
///
/// The database runs in WAL mode with `synchronous = FULL`, so a committed import survives a power
/// loss and an interrupted one (even by `kill -9`) leaves the workspace as it was. The schema is
/// versioned by migrations; a workspace written by a newer Segmenta is refused rather than misread.
public final class Workspace: Sendable {
  /// Path of the database file.
  public let path: String
  /// The database connection.
  public let database: DatabaseQueue

  /// The highest schema version this build understands.
  public static let schemaVersion = 6
  /// `PRAGMA application_id` of Segmenta workspaces ('SGMT').
  static let applicationID: Int32 = 0x5347_4D54

  private init(path: String, database: DatabaseQueue) {
    self.path = path
    self.database = database
  }

  /// Creates a workspace at `path`, or opens the one already there; `created` tells which.
  public static func create(at path: String) throws -> (workspace: Workspace, created: Bool) {
    if FileManager.default.fileExists(atPath: path) {
      return (try open(at: path), false)
    }
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
      throw WorkspaceError.invalidRequest("cannot create a workspace in '\(directory)': the folder does not exist")
    }
    let database = try connect(path)
    do {
      try database.write { db in
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
      }
      try migrator.migrate(database)
      try database.write { db in
        try db.execute(
          sql: "INSERT INTO workspace_info(key, value) VALUES ('created_at', ?), ('created_by', ?)",
          arguments: [Timestamp.now(), "segmenta \(SegmentaVersion.current)"])
      }
    } catch let error as DatabaseError {
      throw WorkspaceError.database(error.message ?? error.description)
    }
    return (Workspace(path: path, database: database), true)
  }

  /// Opens the workspace at `path`, migrating an older schema forward.
  public static func open(at path: String) throws -> Workspace {
    guard FileManager.default.fileExists(atPath: path) else { throw WorkspaceError.notFound(path: path) }
    let database: DatabaseQueue
    do {
      database = try connect(path)
      let (applicationID, applied) = try database.read { db in
        (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try migrator.appliedIdentifiers(db))
      }
      guard applicationID == Self.applicationID else {
        throw WorkspaceError.notAWorkspace(path: path, reason: "an SQLite database made by another program")
      }
      let versions = applied.compactMap(Self.version(ofMigration:))
      if let newest = versions.max(), newest > schemaVersion {
        throw WorkspaceError.newerVersion(path: path, found: newest, supported: schemaVersion)
      }
      try migrator.migrate(database)
    } catch let error as DatabaseError {
      if error.resultCode == .SQLITE_NOTADB {
        throw WorkspaceError.notAWorkspace(path: path, reason: "not an SQLite database")
      }
      throw WorkspaceError.database(error.message ?? error.description)
    }
    return Workspace(path: path, database: database)
  }

  private static func connect(_ path: String) throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    configuration.prepareDatabase { db in
      // WAL is set here rather than with `configuration.journalMode`, whose setup would lower
      // `synchronous` to NORMAL afterwards; FULL syncs the log on every commit.
      guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
        throw WorkspaceError.database("could not switch the database to WAL mode")
      }
      try db.execute(sql: "PRAGMA synchronous = FULL")
      try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
      try db.execute(sql: "PRAGMA cache_size = -131072")
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
    }
    do {
      return try DatabaseQueue(path: path, configuration: configuration)
    } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
      throw WorkspaceError.notAWorkspace(path: path, reason: "not an SQLite database")
    }
  }

  /// The schema version a migration identifier belongs to (`v1-…` → 1).
  static func version(ofMigration identifier: String) -> Int? {
    guard identifier.hasPrefix("v"), let dash = identifier.firstIndex(of: "-") else { return nil }
    return Int(identifier[identifier.index(after: identifier.startIndex)..<dash])
  }

  /// The migrations, one per schema version.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-workspace") { db in
      try db.execute(
        sql: """
          CREATE TABLE workspace_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
          CREATE TABLE customer (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
          CREATE TABLE customer_column (
            position INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            storage TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            personal INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL
          );
          CREATE TABLE import_run (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            file TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            rows_read INTEGER NOT NULL,
            inserted INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            rejected INTEGER NOT NULL,
            columns_added TEXT NOT NULL
          );
          CREATE TABLE period (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE,
            built_at TEXT NOT NULL,
            spec TEXT NOT NULL,
            reference_date TEXT,
            customer_count INTEGER NOT NULL,
            events_read INTEGER NOT NULL,
            unknown_customer_rows INTEGER NOT NULL,
            after_reference_rows INTEGER NOT NULL,
            sources TEXT NOT NULL,
            customer_keys BLOB NOT NULL
          );
          CREATE TABLE feature (
            period_id INTEGER NOT NULL REFERENCES period(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            label_zh TEXT NOT NULL,
            label_en TEXT NOT NULL,
            description TEXT,
            definition TEXT NOT NULL,
            categories TEXT,
            value_data BLOB NOT NULL,
            PRIMARY KEY (period_id, name)
          );
          """)
    }
    migrator.registerMigration("v2-segmentation") { db in
      try db.execute(
        sql: """
          CREATE TABLE segmentation (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            period TEXT,
            model TEXT NOT NULL,
            customer_keys BLOB NOT NULL,
            clusters BLOB NOT NULL,
            groups BLOB NOT NULL,
            UNIQUE (name, version)
          );
          CREATE TABLE segment_name (
            segmentation_id INTEGER NOT NULL REFERENCES segmentation(id) ON DELETE CASCADE,
            segment INTEGER NOT NULL,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            PRIMARY KEY (segmentation_id, segment)
          );
          """)
    }
    migrator.registerMigration("v3-tags") { db in
      try db.execute(
        sql: """
          CREATE TABLE tag (
            name TEXT PRIMARY KEY,
            position INTEGER NOT NULL UNIQUE,
            family TEXT,
            category TEXT NOT NULL,
            label_zh TEXT NOT NULL,
            label_en TEXT NOT NULL,
            description TEXT NOT NULL,
            rule TEXT NOT NULL,
            revision INTEGER NOT NULL,
            defined_at TEXT NOT NULL
          );
          CREATE TABLE tag_version (
            tag TEXT NOT NULL REFERENCES tag(name) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            applied_at TEXT NOT NULL,
            rule TEXT NOT NULL,
            customers INTEGER NOT NULL,
            count INTEGER NOT NULL,
            gained INTEGER NOT NULL,
            lost INTEGER NOT NULL,
            members BLOB NOT NULL,
            PRIMARY KEY (tag, version)
          );
          """)
    }
    migrator.registerMigration("v4-campaigns") { db in
      try db.execute(
        sql: """
          CREATE TABLE campaign (
            name TEXT PRIMARY KEY,
            spec TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
          );
          CREATE TABLE campaign_selection (
            campaign TEXT PRIMARY KEY REFERENCES campaign(name) ON DELETE CASCADE,
            selected_at TEXT NOT NULL,
            candidates INTEGER NOT NULL,
            targets INTEGER NOT NULL,
            controls INTEGER NOT NULL,
            excluded TEXT NOT NULL
          );
          CREATE TABLE campaign_member (
            campaign TEXT NOT NULL REFERENCES campaign(name) ON DELETE CASCADE,
            customer_key INTEGER NOT NULL,
            arm TEXT NOT NULL CHECK (arm IN ('target', 'control')),
            stratum INTEGER,
            PRIMARY KEY (campaign, customer_key)
          ) WITHOUT ROWID;
          CREATE TABLE contact_log (
            customer_key INTEGER NOT NULL,
            campaign TEXT NOT NULL,
            channel TEXT NOT NULL,
            contacted_at TEXT NOT NULL
          );
          CREATE INDEX contact_log_customer ON contact_log(customer_key, contacted_at);
          CREATE TABLE export_audit (
            id INTEGER PRIMARY KEY,
            campaign TEXT NOT NULL,
            exported_at TEXT NOT NULL,
            user TEXT NOT NULL,
            file TEXT NOT NULL,
            rows INTEGER NOT NULL,
            revealed INTEGER NOT NULL
          );
          CREATE TABLE campaign_response (
            campaign TEXT NOT NULL REFERENCES campaign(name) ON DELETE CASCADE,
            customer_key INTEGER NOT NULL,
            contacted_at TEXT,
            reached INTEGER NOT NULL,
            converted INTEGER NOT NULL,
            revenue REAL NOT NULL,
            PRIMARY KEY (campaign, customer_key)
          ) WITHOUT ROWID;
          """)
    }
    migrator.registerMigration("v5-products") { db in
      try db.execute(
        sql: """
          CREATE TABLE product (
            id TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            definition TEXT NOT NULL,
            defined_at TEXT NOT NULL
          );
          """)
    }
    migrator.registerMigration("v6-contacts") { db in
      try db.execute(
        sql: """
          CREATE TABLE contact_attempt (
            customer_key INTEGER NOT NULL,
            method TEXT NOT NULL,
            attempted_at INTEGER NOT NULL,
            success INTEGER NOT NULL
          );
          CREATE INDEX contact_attempt_customer ON contact_attempt(customer_key);
          CREATE TABLE contact_status (
            customer_key INTEGER PRIMARY KEY,
            status TEXT NOT NULL CHECK (status IN ('dormant', 'void')),
            updated_at TEXT NOT NULL
          );
          """)
    }
    return migrator
  }

  /// Sets a workspace-level setting.
  public func setInfo(_ key: String, _ value: String) throws {
    try database.write { db in
      try db.execute(sql: "INSERT OR REPLACE INTO workspace_info(key, value) VALUES (?, ?)", arguments: [key, value])
    }
  }

  /// Reads a workspace-level setting.
  public func info(_ key: String) throws -> String? {
    try database.read { db in
      try String.fetchOne(db, sql: "SELECT value FROM workspace_info WHERE key = ?", arguments: [key])
    }
  }

  /// Runs `PRAGMA integrity_check`; "ok" when the file is sound.
  public func integrityCheck() throws -> String {
    try database.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
  }
}

/// Segmenta's version string.
public enum SegmentaVersion {
  /// The version of this build.
  public static let current = "0.1.0"
}

/// Timestamps written into the workspace.
enum Timestamp {
  /// Now, as ISO 8601 in UTC with seconds.
  static func now() -> String {
    let seconds = Int64(Date().timeIntervalSince1970)
    return CivilDate.isoString(seconds: seconds) + "Z"
  }
}
