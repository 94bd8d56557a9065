import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

extension DemoCommand {
  /// `segmenta demo --b2b`: the company-customer demo and its summary.
  func runB2B() throws {
    let folder = out == "segmenta-demo" ? "segmenta-b2b-demo" : out
    let output = try B2BDemoWorkflow(firms: firms, seed: seed, folder: folder, workspacePath: workspace)
      .run(WorkflowContext(workspacePath: workspace ?? "", progress: TerminalProgress()))
    if json { return try Console.json(output) }
    for line in Self.b2bLines(output) { Console.out(line) }
  }

  /// The summary: the firms, the cube, the top targets and the files.
  static func b2bLines(_ output: B2BDemoWorkflow.Output) -> [String] {
    let cube = output.segmentation.cube
    var lines = [
      "Generated \(Format.count(output.firms)) firms with \(Format.count(output.events)) usage events; workspace "
        + output.workspace + ".",
      "Cube \(cube?.dimensions.joined(separator: " × ") ?? ""): \(output.segmentation.segments) segments "
        + "(cells of at least \(cube?.minimumSize ?? 0) firms; \(cube?.foldedCells ?? 0) smaller cells, "
        + "\(cube?.foldedCustomers ?? 0) firms, folded into 'other').",
      "",
    ]
    let assessment = output.assessment.assessment
    let top = Array(assessment.rows.prefix(8))
    lines.append(
      Format.table(
        ["rank", "segment", "firms", "attractiveness", "fit", "quadrant"],
        top.map { row in
          [
            String(row.rank), "\(row.segment). \(SegmentNames.combined(row.name))", Format.count(row.customers),
            row.attractiveness.map { Format.fixed($0, 2) } ?? "–", Format.fixed(row.fit, 2), row.quadrant.rawValue,
          ]
        }, rightAligned: [0, 2, 3, 4]))
    lines.append("")
    lines.append("Report: \(output.report)  Matrix: \(output.matrix)")
    lines.append(
      "b2b: \(assessment.targets.count) target segments of \(assessment.rows.count) "
        + "(attractiveness ≥ \(Format.fixed(assessment.attractivenessThreshold, 1)), "
        + "fit ≥ \(Format.fixed(assessment.fitThreshold, 2))) in \(Format.seconds(output.seconds)).")
    return lines
  }
}
