/// Why a workspace cannot be created, opened or changed.
public enum WorkspaceError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No file at the path.
  case notFound(path: String)
  /// `init` on a path that already holds a file that is not a Segmenta workspace.
  case notAWorkspace(path: String, reason: String)
  /// The workspace was written by a newer Segmenta.
  case newerVersion(path: String, found: Int, supported: Int)
  /// A request that the workspace's contents cannot satisfy (unknown period, column clash, …).
  case invalidRequest(String)
  /// The database reported an error.
  case database(String)

  /// A message a user can act on.
  public var description: String {
    switch self {
    case .notFound(let path):
      return "no workspace at '\(path)'; create one with `segmenta init --workspace \(path)`"
    case .notAWorkspace(let path, let reason):
      return "'\(path)' is not a Segmenta workspace (\(reason))"
    case .newerVersion(let path, let found, let supported):
      return
        "workspace '\(path)' was written by a newer Segmenta (schema version \(found); this version reads up to \(supported)); upgrade Segmenta to open it"
    case .invalidRequest(let message):
      return message
    case .database(let message):
      return "workspace database error: \(message)"
    }
  }
}
