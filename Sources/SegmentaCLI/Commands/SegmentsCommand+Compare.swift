import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

extension SegmentsCommand {
  /// `segmenta segments compare A B`: two segmentations side by side.
  struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "compare",
      abstract: "Compare two segmentations of the same customers: cross-table, adjusted Rand index, best matching.",
      discussion: """
        Cross-tabulates the customers both segmentations cover (rows: segments of the first, columns: of \
        the second), gives the adjusted Rand index over them (1 identical, about 0 no better than chance) \
        and the one-to-one matching of segments that keeps the most customers together (the Hungarian \
        method), with each pair's Jaccard similarity. Two versions of one segmentation compare with \
        --first-version and --second-version. See docs/segments.md.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The first segmentation.")
    var first: String

    @Argument(help: "The second segmentation.")
    var second: String

    @Option(help: "The first segmentation's version (default: the latest).")
    var firstVersion: Int?

    @Option(help: "The second segmentation's version (default: the latest).")
    var secondVersion: Int?

    func run() async throws {
      let started = Date()
      let output = try CompareSegmentationsWorkflow(
        first: first, firstVersion: firstVersion, second: second, secondVersion: secondVersion
      ).run(global.context())
      if global.json { return try Console.json(output) }
      for line in Self.lines(output, seconds: Date().timeIntervalSince(started)) { Console.out(line) }
    }

    /// The cross-table, the matching and the summary line.
    static func lines(_ output: CompareSegmentationsWorkflow.Output, seconds: Double) -> [String] {
      let a = output.first
      let b = output.second
      let columns = b.segments.indices.map { "\(b.name) \($0 + 1)" }
      var rows = output.table.enumerated().map { index, row in
        ["\(index + 1). \(SegmentNames.combined(a.segments[index]))"] + row.map(Format.count)
          + [Format.count(output.onlyFirst[index])]
      }
      rows.append(["only in \(b.name)"] + output.onlySecond.map(Format.count) + ["–"])
      var lines = [
        "\(a.name) v\(a.version) (rows) against \(b.name) v\(b.version) (columns), "
          + "\(Format.count(output.common)) customers in both:", "",
        Format.table(
          ["segment"] + columns + ["only in \(a.name)"], rows, rightAligned: Set(1..<(columns.count + 2))),
        "", "Best matching (the most customers kept together):",
      ]
      let matched = output.matches.map { match in
        [
          "\(match.first + 1). \(SegmentNames.combined(a.segments[match.first]))",
          "\(match.second + 1). \(SegmentNames.combined(b.segments[match.second]))", Format.count(match.customers),
          Format.fixed(match.jaccard, 3),
        ]
      }
      lines.append(Format.table([a.name, b.name, "customers", "Jaccard"], matched, rightAligned: [2, 3]))
      lines.append("")
      lines.append(
        "\(a.name) v\(a.version) vs \(b.name) v\(b.version): adjusted Rand index "
          + (output.adjustedRandIndex.map { Format.fixed($0, 3) } ?? "–") + "; "
          + String(format: "%.1f %%", output.matchedShare * 100)
          + " of the common customers in matched segments (\(Format.seconds(seconds))).")
      return lines
    }
  }
}
