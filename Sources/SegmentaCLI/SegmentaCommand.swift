import ArgumentParser
import Foundation
import SegmentaCore

/// The `segmenta` command-line tool: each subcommand turns its flags into a workflow, runs it and
/// prints the result as text or, with `--json`, as JSON.
package struct SegmentaCommand: AsyncParsableCommand {
  package static let configuration = CommandConfiguration(
    commandName: "segmenta",
    abstract: "Customer segmentation and precision marketing: workspaces, wide tables, segments and campaigns.",
    version: SegmentaVersion.current,
    subcommands: [
      InitCommand.self, ImportCommand.self, FeaturesCommand.self, SegmentGroupCommand.self, SegmentsCommand.self,
      ProfileCommand.self, AssignCommand.self, ExportCommand.self, RuleCommand.self, TagsCommand.self,
      CampaignCommand.self, BasketCommand.self, ProductsCommand.self, RecommendCommand.self, ContactsCommand.self,
      DemoCommand.self, ServeCommand.self, UsersCommand.self, JobWorkerCommand.self, ValueCommand.self,
      ChurnCommand.self, CompileCommand.self, ExportModelCommand.self, SparkCommand.self,
    ]
  )

  package init() {}
}

extension SegmentaCommand {
  /// Runs the tool on the process's arguments and exits with its status (see ``ExitStatus``).
  package static func runFromCommandLine() async -> Never {
    let status = await run(Array(CommandLine.arguments.dropFirst()))
    Foundation.exit(status)
  }

  /// Runs the tool on `arguments` and returns its exit status.
  ///
  /// Results go to standard output and messages to standard error; with `--json` anywhere on the
  /// command line, an error is printed as `{"error": {...}}` on standard output instead.
  package static func run(_ arguments: [String]) async -> Int32 {
    let json = arguments.contains("--json")
    do {
      var command = try parseAsRoot(arguments)
      if var command = command as? any AsyncParsableCommand {
        try await command.run()
      } else {
        try command.run()
      }
      return ExitStatus.success
    } catch {
      return ErrorReport.report(error, json: json)
    }
  }
}
