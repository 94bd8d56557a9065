import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta rule`: the rule language used by tags, target selections and product eligibility.
struct RuleCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rule",
    abstract: "Check rules of the rule language against the workspace (see docs/rules.md).",
    subcommands: [Check.self, Members.self])

  /// `segmenta rule check`.
  struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Validate a rule against the workspace's fields, segmentations and tags; optionally count matches.",
      discussion: """
        Exits with status 1 and a message pointing at the problem when the rule is not valid. \
        Example: segmenta rule check 'arpu > 100 and city in ["北京", "上海"]' --count
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The rule.")
    var rule: String

    @Option(help: "Wide-table period whose features the rule reads (default: the latest).")
    var period: String?

    @Flag(help: "Count the customers the rule selects.")
    var count = false

    func run() async throws {
      let output = try CheckRuleWorkflow(rule: rule, period: period, count: count).run(global.context())
      if let error = output.error {
        if global.json {
          try Console.json(output)
        } else {
          Console.note("error: rule \(error.display)")
        }
        throw ExitCode(1)
      }
      if global.json { return try Console.json(output) }
      let reads =
        (output.fields ?? []) + (output.segmentations ?? []).map { "segment(\($0))" }
        + (output.tags ?? []).map { "tag(\($0))" }
      var line =
        "The rule is valid" + (reads.isEmpty ? "" : "; it reads \(reads.joined(separator: ", "))")
        + " (\(Format.period(output.period)))."
      if let matches = output.matches, let customers = output.customers {
        let share = customers > 0 ? Double(matches) / Double(customers) * 100 : 0
        line +=
          " \(Format.count(matches)) of \(Format.count(customers)) customers match (\(String(format: "%.1f", share)) %)"
        if let unknown = output.unknown, unknown > 0 {
          line += "; for \(Format.count(unknown)) it is unknown because a value it reads is missing"
        }
        line += "."
      }
      Console.out(line)
    }
  }
}
