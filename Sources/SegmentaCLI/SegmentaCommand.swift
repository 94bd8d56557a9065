import ArgumentParser
import SegmentaCore

/// The `segmenta` command-line tool: each subcommand turns its flags into a workflow, runs it and
/// prints the result as text or, with `--json`, as JSON.
package struct SegmentaCommand: AsyncParsableCommand {
  package static let configuration = CommandConfiguration(
    commandName: "segmenta",
    abstract: "Customer segmentation and precision marketing: workspaces, wide tables, segments and campaigns.",
    version: SegmentaVersion.current,
    subcommands: [
      InitCommand.self, ImportCommand.self, FeaturesCommand.self, SegmentCommand.self, SegmentsCommand.self,
      ProfileCommand.self, AssignCommand.self, ExportCommand.self, RuleCommand.self, TagsCommand.self,
      CampaignCommand.self, BasketCommand.self, ProductsCommand.self, RecommendCommand.self, ContactsCommand.self,
      DemoCommand.self,
    ]
  )

  package init() {}
}

extension SegmentaCommand {
  /// Runs the tool on the process's arguments and exits with its status.
  package static func runFromCommandLine() async {
    await main()
  }
}
