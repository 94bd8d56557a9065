import SegmentaCore
import SegmentaStore

/// What the server does before it listens: opens the workspace for writing (creating its team tables on
/// an older workspace) and checks that it is one.
package struct ServerStartup: Workflow {
  package struct Output: Sendable, Codable {
    /// Users who may sign in.
    package var users: Int
  }

  package init() {}

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace(for: .write)
    return Output(users: try workspace.users().filter { !$0.disabled }.count)
  }
}
