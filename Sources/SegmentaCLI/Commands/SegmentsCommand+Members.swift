import ArgumentParser
import SegmentaWorkflows

extension SegmentsCommand {
  /// `segmenta segments members NAME SEGMENT`: the customers of one segment.
  struct Members: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "members",
      abstract: "List the customers of a segment with the columns you choose, or write them all to a CSV file.",
      discussion: """
        SEGMENT is the segment's number or its name (Chinese, English or both, as rules accept). Without \
        --out, prints the count and the first --limit rows; --out writes every member (recorded in the \
        export audit). Personal columns are masked unless --reveal-contact. See docs/segments.md.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The segmentation.")
    var name: String

    @Argument(help: "The segment: its number or its name.")
    var segment: String

    @Option(help: "Version (default: the latest).")
    var version: Int?

    @OptionGroup var members: MembersOptions

    func run() async throws {
      try members.run(.segment(segmentation: name, version: version, segment: segment), global: global)
    }
  }
}

extension TagsCommand {
  /// `segmenta tags members TAG`: the customers carrying a tag.
  struct Members: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "members",
      abstract: "List the customers carrying a tag (its latest apply), or write them all to a CSV file.",
      discussion: """
        TAG is a tag's name, or with --value a value or band family's name (tags members gender --value F). \
        Columns, --out, --limit and masking as for `segments members` (docs/segments.md).
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The tag, or a family of tags with --value.")
    var tag: String

    @Option(help: "The value (or band) of a family of tags.")
    var value: String?

    @OptionGroup var members: MembersOptions

    func run() async throws {
      try members.run(.tag(tag, value: value), global: global)
    }
  }
}

extension RuleCommand {
  /// `segmenta rule members "EXPR"`: the customers a rule selects.
  struct Members: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "members",
      abstract: "List the customers a rule selects, or write them all to a CSV file.",
      discussion: """
        The count equals `rule check --count`'s. Default columns: the customer id and the fields the rule \
        reads. Columns, --out, --limit and masking as for `segments members` (docs/segments.md).
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The rule.")
    var rule: String

    @OptionGroup var members: MembersOptions

    func run() async throws {
      try members.run(.rule(rule), global: global)
    }
  }
}
