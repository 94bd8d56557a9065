import ArgumentParser
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta init`: creates a workspace.
struct InitCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create a workspace (an SQLite database) to hold customers and everything built on them.")

  @OptionGroup var global: GlobalOptions

  func run() async throws {
    let output = try CreateWorkspaceWorkflow().run(global.context())
    if global.json { return try Console.json(output) }
    Console.out(
      output.created
        ? "Created workspace \(output.workspace) (schema version \(output.schemaVersion))."
        : "Workspace \(output.workspace) already exists (\(Format.count(output.customers)) customers); nothing to do.")
  }
}
