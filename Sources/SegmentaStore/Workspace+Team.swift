import Foundation
import GRDB
import SegmentaCore

extension Workspace {
  /// Adds a user with a password hash; a name that exists is a conflict.
  package func addUser(_ user: TeamUser, passwordHash: String) throws(SegmentaError) {
    try write { db in
      if try String.fetchOne(db, sql: "SELECT name FROM user WHERE name = ?", arguments: [user.name]) != nil {
        throw SegmentaError(
          .conflict, "user '\(user.name)' exists; disable it or choose another name", field: "name")
      }
      try db.execute(
        sql: "INSERT INTO user(name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?)",
        arguments: [user.name, user.role.rawValue, passwordHash, user.disabled, user.createdAt])
    }
  }

  /// Every user, by name.
  package func users() throws(SegmentaError) -> [TeamUser] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT name, role, disabled, created_at FROM user ORDER BY name").map(Self.user)
    }
  }

  /// The user `name` and their password hash, if there is such a user.
  package func user(named name: String) throws(SegmentaError) -> (user: TeamUser, passwordHash: String)? {
    try read { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name]) else {
        return nil
      }
      return (Self.user(row), row["password_hash"])
    }
  }

  /// Disables (or enables) the user `name`; throws `notFound` for an unknown name.
  package func setUserDisabled(_ name: String, _ disabled: Bool) throws(SegmentaError) {
    try write { db in
      try db.execute(sql: "UPDATE user SET disabled = ? WHERE name = ?", arguments: [disabled, name])
      guard db.changesCount == 1 else { throw SegmentaError(.notFound, "no user '\(name)'", field: "name") }
    }
  }

  /// Stores an API token's id and secret hash for `user`.
  package func addToken(id: String, user: String, secretHash: String) throws(SegmentaError) {
    try write { db in
      try db.execute(
        sql: "INSERT INTO api_token(id, user, secret_hash, created_at) VALUES (?, ?, ?, ?)",
        arguments: [id, user, secretHash, Timestamp.now()])
    }
  }

  /// The user and secret hash of the token `id`, if there is such a token.
  package func token(id: String) throws(SegmentaError) -> (user: String, secretHash: String)? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT user, secret_hash FROM api_token WHERE id = ?", arguments: [id]).map {
        ($0["user"], $0["secret_hash"])
      }
    }
  }

  /// Tokens issued per user.
  package func tokenCounts() throws(SegmentaError) -> [String: Int] {
    try read { db in
      var counts: [String: Int] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT user, COUNT(*) AS n FROM api_token GROUP BY user") {
        counts[row["user"]] = row["n"]
      }
      return counts
    }
  }

  private static func user(_ row: Row) -> TeamUser {
    let role: String = row["role"]
    return TeamUser(
      name: row["name"], role: Role(rawValue: role) ?? .viewer, disabled: row["disabled"], createdAt: row["created_at"])
  }

  // MARK: Jobs

  /// Stores a job record under its own id (replacing a row with that id).
  package func saveJob(_ job: JobRecord) throws(SegmentaError) {
    try write { db in
      try db.execute(
        sql: """
          INSERT OR REPLACE INTO job(id, kind, title, owner, status, request, created_at, started_at, finished_at,
            progress, result, error)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          job.id, job.kind, job.title, job.owner, job.status.rawValue, job.request, job.createdAt, job.startedAt,
          job.finishedAt, job.progress, job.result, job.error,
        ])
    }
  }

  /// The highest job id stored (0 when there is none).
  package func lastJobID() throws(SegmentaError) -> Int64 {
    try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM job") ?? 0 }
  }

  /// Marks jobs left queued or running by a server that stopped as failed; returns how many.
  @discardableResult
  package func failInterruptedJobs(error: String) throws(SegmentaError) -> Int {
    try write { db in
      try db.execute(
        sql: """
          UPDATE job SET status = 'failed', finished_at = ?, error = ? WHERE status IN ('queued', 'running')
          """,
        arguments: [Timestamp.now(), error])
      return db.changesCount
    }
  }

  /// Jobs newest first, `limit` from `offset`, and how many there are in all.
  package func jobs(offset: Int, limit: Int, owner: String? = nil) throws(SegmentaError) -> (
    jobs: [JobRecord], total: Int
  ) {
    try read { db in
      let filter = owner == nil ? "" : " WHERE owner = ?"
      let arguments: StatementArguments = owner.map { [$0] } ?? []
      let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM job" + filter, arguments: arguments) ?? 0
      let rows = try Row.fetchAll(
        db, sql: "SELECT * FROM job" + filter + " ORDER BY id DESC LIMIT ? OFFSET ?",
        arguments: arguments + [limit, offset])
      return (rows.map(Self.job), total)
    }
  }

  /// The job `id`, if there is one.
  package func job(_ id: Int64) throws(SegmentaError) -> JobRecord? {
    try read { db in try Row.fetchOne(db, sql: "SELECT * FROM job WHERE id = ?", arguments: [id]).map(Self.job) }
  }

  private static func job(_ row: Row) -> JobRecord {
    let status: String = row["status"]
    return JobRecord(
      id: row["id"], kind: row["kind"], title: row["title"], owner: row["owner"],
      status: JobStatus(rawValue: status) ?? .failed, request: row["request"], createdAt: row["created_at"],
      startedAt: row["started_at"], finishedAt: row["finished_at"], progress: row["progress"], result: row["result"],
      error: row["error"])
  }

  // MARK: Campaign owners

  /// The user who created each campaign ("" for campaigns created on the command line).
  package func campaignOwners() throws(SegmentaError) -> [String: String] {
    try read { db in
      var owners: [String: String] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT name, owner FROM campaign") { owners[row["name"]] = row["owner"] }
      return owners
    }
  }

  /// Records `owner` as the creator of the campaign `name`.
  package func setCampaignOwner(_ name: String, owner: String) throws(SegmentaError) {
    try write { db in
      try db.execute(sql: "UPDATE campaign SET owner = ? WHERE name = ?", arguments: [owner, name])
    }
  }

  /// A counter that changes whenever another connection commits to the workspace (SQLite's
  /// `PRAGMA data_version`), so caches know when to refresh.
  package func dataVersion() throws(SegmentaError) -> Int {
    try read { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
  }
}
