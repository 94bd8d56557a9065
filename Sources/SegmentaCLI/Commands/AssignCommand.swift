import ArgumentParser
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta assign NAME`: segments for new customers.
struct AssignCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "assign",
    abstract: "Assign customers in a CSV file (with the segmentation's feature columns) to its segments.")

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The segmentation.")
  var name: String

  @Option(help: "CSV with the id column and every feature of the segmentation.")
  var input: String

  @Option(help: "Output CSV (- for standard output): customer_id, segment_id, segment_name, distance.")
  var out: String

  @Option(name: .customLong("id-column"), help: "The column holding customer ids.")
  var idColumn = "customer_id"

  @Option(help: "Segment names in zh, en or both.")
  var lang: SegmentNameLanguage = .both

  @Option(help: "Version (default: the latest).")
  var version: Int?

  @Option(help: "Field delimiter of the input.")
  var delimiter = ","

  func validate() throws { try Console.checkStandardOutput(out, json: global.json) }

  func run() async throws {
    let workflow = AssignSegmentsWorkflow(
      name: name, version: version, input: input, out: out, idColumn: idColumn,
      dialect: try ArgumentParsing.dialect(delimiter), language: lang)
    let report = try workflow.run(global.context())
    if global.json { return try Console.json(report) }
    Console.summary(
      "Assigned \(Format.count(report.rows)) customers to the \(report.segments) segments of \(name) "
        + "version \(report.version); wrote \(out).", dataTo: out)
  }
}
