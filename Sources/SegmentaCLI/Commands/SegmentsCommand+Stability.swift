import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

extension SegmentsCommand {
  /// `segmenta segments stability NAME`: how stable each segment is under resampling.
  struct Stability: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "stability",
      abstract: "Measure how stable each segment is: Jaccard over bootstrap resamples, agreement between seeds.",
      discussion: """
        Resamples the segmentation's customers with replacement --bootstrap times, segments each resample \
        as the segmentation was made (same preprocessing, k and starts, or a self-organising map with the same grid \
        and schedule, and the same merging into groups) and gives each \
        segment its mean Jaccard similarity with its best match (Hennig 2007, R's fpc::clusterboot): 0.5 or \
        less dissolved, 0.75 or more stable, 0.85 or more highly stable. Then fits all customers with \
        --seeds other seeds and gives the adjusted Rand index of each against the stored segments. The \
        result is stored with the version; the profile report flags segments below 0.75. See \
        docs/segments.md.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The segmentation.")
    var name: String

    @Option(help: "The version (default: the latest).")
    var version: Int?

    @Option(help: "Bootstrap resamples (2 to 200).")
    var bootstrap: Int = 20

    @Option(help: "Other seeds fitted on all customers (0 to 20).")
    var seeds: Int = 5

    @Option(help: "The seed of the resamples and fits.")
    var seed: UInt64 = 42

    func run() async throws {
      let started = Date()
      let output = try SegmentStabilityWorkflow(
        name: name, version: version, resamples: bootstrap, seeds: seeds, seed: seed
      ).run(global.context())
      if global.json { return try Console.json(output) }
      for line in Self.lines(output, seconds: Date().timeIntervalSince(started)) { Console.out(line) }
    }

    /// The per-segment table and the summary line.
    static func lines(_ output: SegmentStabilityWorkflow.Output, seconds: Double) -> [String] {
      let rows = output.segments.map { segment in
        [
          "\(segment.id). \(SegmentNames.combined(segment.name))", Format.count(segment.customers),
          segment.jaccard.map { Format.fixed($0, 3) } ?? "–",
          segment.rating.rawValue.replacingOccurrences(of: "_", with: " "),
          "\(segment.dissolvedIn) of \(output.resamples)",
        ]
      }
      var lines = [
        "Stability of \(output.segmentation) version \(output.version) (\(Format.count(output.customers)) customers, "
          + "\(output.resamples) bootstrap resamples):", "",
        Format.table(
          ["segment", "customers", "Jaccard", "reading", "dissolved in"], rows, rightAligned: [1, 2]),
        "",
      ]
      if let mean = output.meanSeedAgreement {
        lines.append(
          "Agreement with \(output.seedAgreement.count) other seeds (adjusted Rand index): mean \(Format.fixed(mean, 3)) "
            + "(" + output.seedAgreement.map { Format.fixed($0, 3) }.joined(separator: ", ") + ").")
      }
      let unstable = output.unstable.map(String.init).joined(separator: ", ")
      lines.append(
        "\(output.segmentation) v\(output.version): "
          + (output.unstable.isEmpty
            ? "every segment is stable (Jaccard ≥ 0.75)"
            : "\(output.unstable.count) of \(output.segments.count) segments not stable (\(unstable))")
          + " (\(Format.seconds(seconds))).")
      return lines
    }
  }
}
