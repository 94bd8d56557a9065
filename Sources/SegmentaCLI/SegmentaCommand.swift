import ArgumentParser

/// The `segmenta` command-line tool.
public struct SegmentaCommand: AsyncParsableCommand {
  /// The command's name, summary and subcommands.
  public static let configuration = CommandConfiguration(
    commandName: "segmenta",
    abstract: "Customer segmentation and precision marketing: workspaces, wide tables, segments and campaigns.",
    version: "0.1.0",
    subcommands: [
      InitCommand.self, ImportCommand.self, FeaturesCommand.self, SegmentCommand.self, SegmentsCommand.self,
      ProfileCommand.self, AssignCommand.self, ExportCommand.self, RuleCommand.self, TagsCommand.self,
      CampaignCommand.self, BasketCommand.self, ProductsCommand.self, RecommendCommand.self, ContactsCommand.self,
      DemoCommand.self,
    ]
  )

  /// Creates the command; ArgumentParser fills in the arguments.
  public init() {}
}

extension SegmentaCommand {
  /// Runs the tool on the process's arguments and exits.
  public static func runFromCommandLine() async {
    await main()
  }
}
