import ArgumentParser

/// `segmenta segment`: fit a segmentation (`segment --name …`, the default subcommand) or refresh a stored
/// one on a new period (`segment refresh NAME --period P`).
struct SegmentGroupCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "segment",
    abstract: "Find customer segments with k-means (segment --name NAME …), or refresh a stored segmentation.",
    discussion: """
      `segmenta segment --name NAME [options]` runs the default subcommand, fit; `segmenta segment refresh NAME \
      --period P` scores a new period with a stored model. See docs/segments.md.
      """,
    subcommands: [SegmentCommand.self, Refresh.self], defaultSubcommand: SegmentCommand.self)
}
