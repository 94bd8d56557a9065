import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

extension SegmentGroupCommand {
  /// `segmenta segment refresh NAME --period P`: the stored model applied to a new period.
  struct Refresh: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "refresh",
      abstract: "Score a new period with a stored segmentation's model, as a new version linked to it.",
      discussion: """
        Nothing is fitted again: every customer of the period is prepared with the stored preprocessing \
        (fill values, winsorising bounds, log1p, scaling, weights) and given the nearest stored centre, then \
        its cluster's segment; segment numbers and names stay those of the refreshed version. On the \
        training period the stored segments are reproduced exactly. --where scores only the customers a \
        rule selects in the period (say the active ones); the others leave the segmentation and count as \
        exits in `segments migration`. See docs/segments.md.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The segmentation.")
    var name: String

    @Option(help: "Wide-table period to score (default: the latest).")
    var period: String?

    @Option(help: "The version whose model is applied (default: the latest).")
    var version: Int?

    @Option(name: .customLong("where"), help: "Score only the customers this rule selects in the period.")
    var rule: String?

    func run() async throws {
      let output = try RefreshSegmentationWorkflow(
        name: name, version: version, period: period, rule: rule
      )
      .run(global.context())
      if global.json { return try Console.json(output) }
      let migration = output.migration
      Console.out(
        Format.table(
          ["segment", "name", "v\(output.refreshes)", "v\(output.version)", "share"],
          output.sizes.enumerated().map { index, size in
            [
              String(index + 1), SegmentNames.combined(output.names[index]), Format.count(migration.fromSizes[index]),
              Format.count(size), String(format: "%.1f %%", Double(size) * 100 / Double(max(output.customers, 1))),
            ]
          }, rightAligned: [0, 2, 3, 4]))
      if output.leftOut > 0 {
        Console.out("Left out by --where: \(Format.count(output.leftOut)) customers of the period.")
      }
      // A cube's cells have no centres, so no distance to them.
      let distance =
        output.meanSquaredDistance.isNaN
        ? ""
        : "; mean squared distance to the centre \(Format.fixed(output.meanSquaredDistance, 2)) "
          + "(fit \(Format.fixed(output.fitMeanSquaredDistance, 2)))"
      Console.out(
        "Refreshed \(name) version \(output.refreshes)"
          + (output.previousPeriod.map { " (period \($0))" } ?? "")
          + (output.period.map { " on period \($0)" } ?? " on the customer columns")
          + " as version \(output.version): \(Format.count(output.customers)) customers; "
          + "\(String(format: "%.1f %%", migration.stayersShare * 100)) stayed in their segment, "
          + "\(Format.count(migration.movers)) moved, \(Format.count(migration.entries)) new, "
          + "\(Format.count(migration.exits)) gone\(distance) (\(Format.seconds(output.seconds))).")
    }
  }
}
