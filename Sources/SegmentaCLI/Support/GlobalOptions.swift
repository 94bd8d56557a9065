import ArgumentParser
import SegmentaWorkflows

/// Options every command that works on a workspace takes.
struct GlobalOptions: ParsableArguments {
  @Option(name: .long, help: "The workspace database.")
  var workspace: String = "segmenta.db"

  @Flag(name: .long, help: "Print the result as JSON on standard output.")
  var json = false

  /// The context workflows run in: this workspace, progress on the terminal, the operating-system user.
  func context() -> WorkflowContext {
    WorkflowContext(workspacePath: workspace, progress: TerminalProgress())
  }
}
