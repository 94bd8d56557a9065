import ArgumentParser
import SegmentaStore

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
  @Option(name: .long, help: "The workspace database.")
  var workspace: String = "segmenta.db"

  @Flag(name: .long, help: "Print the result as JSON on standard output.")
  var json = false

  /// Opens the workspace, which must exist.
  func openWorkspace() throws -> Workspace {
    try Workspace.open(at: workspace)
  }
}

/// A failure a command reports as "Error: message" (without the usage text that argument errors get).
struct CommandError: Error, CustomStringConvertible {
  /// What went wrong and what to do.
  let description: String

  init(_ description: String) {
    self.description = description
  }
}
