import SegmentaCore
import SegmentaStore

/// `segmenta init`: creates the workspace at the context's path, or finds the one already there.
package struct CreateWorkspaceWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    package var workspace: String
    /// Whether the workspace was created (false: it already existed and was left as it was).
    package var created: Bool
    package var schemaVersion: Int
    package var customers: Int
  }

  package init() {}

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let (workspace, created) = try Workspace.create(at: context.workspacePath)
    context.adopt(workspace)
    return Output(
      workspace: workspace.path, created: created, schemaVersion: Workspace.schemaVersion,
      customers: try workspace.customerCount())
  }
}
