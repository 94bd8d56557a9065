import Foundation
import SegmentaCore
import SegmentaStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where and for whom a workflow runs: the workspace, the progress reporter and the user.
///
/// The workspace is opened on first use and kept, so one context serves several workflows.
package struct WorkflowContext: Sendable {
  /// The workspace file.
  package var workspacePath: String
  /// Receives progress of long work.
  package var progress: any ProgressReporter
  /// Who runs the workflow, as the export audit records it: the operating-system user of the
  /// process on the command line (not `$USER`, which anyone can set), the signed-in user on the server.
  package var user: String
  /// What was asked, as the export audit records it: the command line, or the server's request.
  package var command: String
  /// The signed-in user's role on the server, which workflows check per object.
  ///
  /// A campaign manager sees only their own campaigns; revealing contacts needs
  /// ``Permission/revealContacts``. `nil` on the command line, where whoever may open the workspace file
  /// may do everything with it.
  package var role: Role?
  private let opened: OpenedWorkspace

  /// A context for the workspace at `workspacePath`.
  package init(
    workspacePath: String, progress: any ProgressReporter = SilentProgress(), user: String = WorkflowContext.systemUser,
    command: String = WorkflowContext.processCommand
  ) {
    self.workspacePath = workspacePath
    self.progress = progress
    self.user = user
    self.command = command
    opened = OpenedWorkspace()
  }

  /// A context over an already open workspace (tests, and the server's shared workspace).
  package init(
    workspace: Workspace, progress: any ProgressReporter = SilentProgress(), user: String = "test",
    command: String = "test"
  ) {
    self.init(workspacePath: workspace.path, progress: progress, user: user, command: command)
    opened.set(workspace)
  }

  /// The workspace, opened on first use: read-only for `.read`, read-write (and migrated) for `.write`.
  ///
  /// A workspace opened read-only is reopened when a later workflow writes.
  func workspace(for access: Workspace.Access = .write) throws(SegmentaError) -> Workspace {
    if let workspace = opened.get(), access == .read || !workspace.isReadOnly { return workspace }
    let workspace = try Workspace.open(at: workspacePath, for: access)
    opened.set(workspace)
    return workspace
  }

  /// Makes `workspace` the context's open workspace (after creating it).
  func adopt(_ workspace: Workspace) {
    opened.set(workspace)
  }

  /// The operating-system user the process runs as (its effective user id's name).
  package static var systemUser: String {
    let uid = geteuid()
    if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return String(cString: name) }
    return "uid \(uid)"
  }

  /// The process's command line, as `segmenta` and its arguments (quoted where they hold spaces).
  package static var processCommand: String {
    (["segmenta"] + CommandLine.arguments.dropFirst()).map { argument in
      argument.isEmpty || argument.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" })
        ? "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'" : argument
    }.joined(separator: " ")
  }
}

/// The workspace a context has opened, shared by copies of the context.
private final class OpenedWorkspace: @unchecked Sendable {
  private let lock = NSLock()
  private var workspace: Workspace?

  func get() -> Workspace? { lock.withLock { workspace } }
  func set(_ workspace: Workspace) { lock.withLock { self.workspace = workspace } }
}
