/// A member of the team who signs in to the server.
public struct TeamUser: Sendable, Equatable, Codable {
  /// The sign-in name: letters, digits, `.`, `_` and `-`, at most 64 characters.
  public var name: String
  /// What the user may do.
  public var role: Role
  /// Whether the user was disabled (cannot sign in; their tokens stop working).
  public var disabled: Bool
  /// When the user was added, ISO 8601 in UTC.
  public var createdAt: String

  /// Creates a user record.
  public init(name: String, role: Role, disabled: Bool = false, createdAt: String) {
    self.name = name
    self.role = role
    self.disabled = disabled
    self.createdAt = createdAt
  }

  /// Whether `name` is an acceptable user name; the reason when it is not.
  public static func problem(withName name: String) -> String? {
    if name.isEmpty { return "a user name cannot be empty" }
    if name.utf8.count > 64 { return "a user name has at most 64 characters" }
    let allowed = name.unicodeScalars.allSatisfy { scalar in
      (scalar.value >= 0x30 && scalar.value <= 0x39) || (scalar.value >= 0x41 && scalar.value <= 0x5A)
        || (scalar.value >= 0x61 && scalar.value <= 0x7A) || scalar == "." || scalar == "_" || scalar == "-"
    }
    return allowed ? nil : "a user name has only letters a–z, A–Z, digits, '.', '_' and '-'"
  }
}

/// The state of a server job.
public enum JobStatus: String, Sendable, Equatable, Codable, CaseIterable {
  /// Waiting for the one writer slot.
  case queued
  /// Running now.
  case running
  /// Finished; its result is stored.
  case succeeded
  /// Stopped by an error; the workspace is as it was before the job.
  case failed
  /// Cancelled by a user; the workspace is as it was before the job.
  case cancelled

  /// Whether the job has ended.
  public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

/// A job as the workspace keeps it: long work the server runs one at a time.
public struct JobRecord: Sendable, Equatable, Codable {
  /// Increasing number.
  public var id: Int64
  /// What kind of work (`import_customers`, `segment`, …).
  public var kind: String
  /// A short description for lists ("segment 'value' (k auto)").
  public var title: String
  /// The user who started it.
  public var owner: String
  /// Queued, running or how it ended.
  public var status: JobStatus
  /// The request, as JSON.
  public var request: String
  /// When it was queued, ISO 8601 in UTC.
  public var createdAt: String
  /// When it started, ISO 8601 in UTC.
  public var startedAt: String?
  /// When it ended, ISO 8601 in UTC.
  public var finishedAt: String?
  /// The last progress reported, as JSON.
  public var progress: String?
  /// The workflow's result, as JSON, once it succeeded.
  public var result: String?
  /// The error, as JSON, once it failed or was cancelled.
  public var error: String?

  /// Creates a job record.
  public init(
    id: Int64, kind: String, title: String, owner: String, status: JobStatus, request: String, createdAt: String,
    startedAt: String? = nil, finishedAt: String? = nil, progress: String? = nil, result: String? = nil,
    error: String? = nil
  ) {
    self.id = id
    self.kind = kind
    self.title = title
    self.owner = owner
    self.status = status
    self.request = request
    self.createdAt = createdAt
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.progress = progress
    self.result = result
    self.error = error
  }
}
