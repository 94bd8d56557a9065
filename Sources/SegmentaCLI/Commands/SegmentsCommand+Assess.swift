import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

extension SegmentsCommand {
  /// `segmenta segments assess NAME --spec matrix.yaml`: the attractiveness × capability-fit matrix.
  struct Assess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "assess",
      abstract: "Rank segments on an attractiveness (0–10) × capability-fit (0–2) matrix and pick targets.",
      discussion: """
        The matrix spec (docs/b2b.md, docs/examples/matrix.yaml) lists attractiveness criteria — a segment's \
        size or share, or the mean, median or share of a value over its customers — each with a weight and a \
        linear or threshold mapping to 0–10, and capabilities (sales, design, supply_chain, delivery) scored \
        0 hard to get, 1 easy to get, 2 already have, per value of a column. Attractiveness is the weighted \
        mean of the scores (weights normalised), capability fit the mean of the capability scores; segments \
        with attractiveness ≥ 6 and fit ≥ 1.5 (or the spec's quadrants) are targets. The result is stored \
        with the version and shown in the profile report; --out writes the matrix as SVG.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The segmentation.")
    var name: String

    @Option(help: "The matrix spec (YAML).")
    var spec: String

    @Option(help: "The version (default: the latest).")
    var version: Int?

    @Option(help: "Write the matrix as SVG to this file.")
    var out: String?

    func run() async throws {
      let output = try AssessSegmentsWorkflow(name: name, version: version, spec: .file(spec), out: out)
        .run(global.context())
      if global.json { return try Console.json(output) }
      for line in Self.lines(output) { Console.out(line) }
    }

    /// The ranking table and the summary line.
    static func lines(_ output: AssessSegmentsWorkflow.Output) -> [String] {
      let assessment = output.assessment
      let header =
        ["rank", "segment", "customers", "attractiveness"] + assessment.criteria.map(\.label.en)
        + assessment.capabilities + ["fit", "quadrant"]
      let rows = assessment.rows.map { row -> [String] in
        var cells: [String] = [String(row.rank), "\(row.segment). \(SegmentNames.combined(row.name))"]
        cells.append(Format.count(row.customers))
        cells.append(row.attractiveness.map { Format.fixed($0, 2) } ?? "–")
        for criterion in row.criteria { cells.append(criterion.score.map { Format.fixed($0, 1) } ?? "–") }
        for capability in row.capabilities { cells.append(Format.fixed(capability, 2)) }
        cells.append(Format.fixed(row.fit, 2))
        cells.append(row.quadrant.rawValue)
        return cells
      }
      let numeric = Set([0, 2, 3]).union(4..<(header.count - 1))
      var lines = [Format.table(header, rows, rightAligned: numeric), ""]
      lines.append(
        "Weights: "
          + assessment.criteria.map { "\($0.label.en) \(Format.fixed($0.weight, 2)) (\($0.mapping))" }.joined(
            separator: "; "))
      if let file = output.file { lines.append("Matrix written to \(file).") }
      let targets = assessment.targets.map { String($0.segment) }.joined(separator: ", ")
      let plural = assessment.targets.count == 1 ? "" : "s"
      let listed = targets.isEmpty ? "" : " (\(targets))"
      let thresholds =
        "attractiveness ≥ \(Format.fixed(assessment.attractivenessThreshold, 1)), "
        + "fit ≥ \(Format.fixed(assessment.fitThreshold, 2))"
      lines.append(
        "\(output.segmentation) v\(output.version): \(assessment.targets.count) target segment\(plural)\(listed) of "
          + "\(assessment.rows.count) (\(thresholds)).")
      return lines
    }
  }
}
