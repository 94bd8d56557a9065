/// A file an output must never overwrite, and what it is (for the message).
///
/// ``OutputGuard/check(_:option:protected:)`` refuses an output that is, or resolves to, one of these.
package struct ProtectedPath: Sendable, Equatable {
  /// The file, as the user named it.
  package var path: String
  /// What the file is, completing "… is <role>": "the workspace", "an input of this command".
  package var role: String

  /// Creates a protected path.
  package init(_ path: String, role: String) {
    self.path = path
    self.role = role
  }

  /// The workspace file and its companions: path, path-wal, path-shm, path-journal.
  ///
  /// SQLite keeps part of the database in the write-ahead log and the shared-memory file, and a rollback journal
  /// while it writes; replacing any of them corrupts the workspace even when they do not exist yet.
  package static func workspace(_ path: String) -> [ProtectedPath] {
    [
      ProtectedPath(path, role: "the workspace"),
      ProtectedPath(path + "-wal", role: "part of the workspace"),
      ProtectedPath(path + "-shm", role: "part of the workspace"),
      ProtectedPath(path + "-journal", role: "part of the workspace"),
    ]
  }

  /// An input file of the running command.
  package static func input(_ path: String) -> ProtectedPath {
    ProtectedPath(path, role: "an input of this command")
  }
}
