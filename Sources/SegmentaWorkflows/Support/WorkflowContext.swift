import Foundation
import SegmentaCore
import SegmentaStore

/// Where and for whom a workflow runs: the workspace, the progress reporter and the user.
///
/// The workspace is opened on first use and kept, so one context serves several workflows.
package struct WorkflowContext: Sendable {
  /// The workspace file.
  package var workspacePath: String
  /// Receives progress of long work.
  package var progress: any ProgressReporter
  /// Who runs the workflow, as the export audit records it: the operating-system user on the
  /// command line, the signed-in user on the server.
  package var user: String
  private let opened: OpenedWorkspace

  /// A context for the workspace at `workspacePath`.
  package init(
    workspacePath: String, progress: any ProgressReporter = SilentProgress(), user: String = WorkflowContext.systemUser
  ) {
    self.workspacePath = workspacePath
    self.progress = progress
    self.user = user
    opened = OpenedWorkspace()
  }

  /// A context over an already open workspace (tests, and the server's shared workspace).
  package init(workspace: Workspace, progress: any ProgressReporter = SilentProgress(), user: String = "test") {
    self.init(workspacePath: workspace.path, progress: progress, user: user)
    opened.set(workspace)
  }

  /// The workspace, opened (and migrated) on first use.
  func workspace() throws(SegmentaError) -> Workspace {
    if let workspace = opened.get() { return workspace }
    let workspace = try Workspace.open(at: workspacePath)
    opened.set(workspace)
    return workspace
  }

  /// Makes `workspace` the context's open workspace (after creating it).
  func adopt(_ workspace: Workspace) {
    opened.set(workspace)
  }

  /// The same context over another workspace, keeping the reporter and the user.
  func over(_ workspace: Workspace) -> WorkflowContext {
    WorkflowContext(workspace: workspace, progress: progress, user: user)
  }

  /// The user running the process, from the environment (`USER`, else `LOGNAME`).
  package static var systemUser: String {
    ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "unknown"
  }
}

/// The workspace a context has opened, shared by copies of the context.
private final class OpenedWorkspace: @unchecked Sendable {
  private let lock = NSLock()
  private var workspace: Workspace?

  func get() -> Workspace? { lock.withLock { workspace } }
  func set(_ workspace: Workspace) { lock.withLock { self.workspace = workspace } }
}
