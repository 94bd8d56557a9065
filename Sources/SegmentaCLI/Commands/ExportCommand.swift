import ArgumentParser
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta export NAME`: every customer's segment.
struct ExportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Write every customer of the workspace with its cluster and segment.")

  enum ExportFormat: String, ExpressibleByArgument {
    case csv
  }

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The segmentation.")
  var name: String

  @Option(help: "csv.")
  var format: ExportFormat = .csv

  @Option(help: "Output file (- for standard output): customer_id, cluster_id, segment_id, segment_name.")
  var out: String

  @Option(help: "Segment names in zh, en or both.")
  var lang: SegmentNameLanguage = .both

  @Option(help: "Version (default: the latest).")
  var version: Int?

  func validate() throws { try Console.checkStandardOutput(out, json: global.json) }

  func run() async throws {
    let report = try ExportSegmentsWorkflow(name: name, version: version, out: out, language: lang)
      .run(global.context())
    if global.json { return try Console.json(report) }
    Console.summary(
      "Exported \(Format.count(report.rows)) customers of \(name) version \(report.version) to \(out)"
        + (report.unsegmented > 0
          ? " (\(Format.count(report.unsegmented)) added after the segmentation have no segment)." : "."),
      dataTo: out)
  }
}
