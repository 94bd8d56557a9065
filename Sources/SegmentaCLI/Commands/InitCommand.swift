import ArgumentParser
import SegmentaStore

/// `segmenta init`: creates a workspace.
struct InitCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create a workspace (an SQLite database) to hold customers and everything built on them.")

  @OptionGroup var global: GlobalOptions

  struct Output: Codable {
    var workspace: String
    var created: Bool
    var schemaVersion: Int
    var customers: Int
  }

  func run() async throws {
    let (workspace, created) = try Workspace.create(at: global.workspace)
    let output = Output(
      workspace: workspace.path, created: created, schemaVersion: Workspace.schemaVersion,
      customers: try workspace.customerCount())
    if global.json { return try Console.json(output) }
    Console.out(
      created
        ? "Created workspace \(workspace.path) (schema version \(Workspace.schemaVersion))."
        : "Workspace \(workspace.path) already exists (\(Format.count(output.customers)) customers); nothing to do.")
  }
}
