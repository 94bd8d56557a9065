import ArgumentParser
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta profile NAME`: the segment profile report.
struct ProfileCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "profile",
    abstract: "Write the profile report of a segmentation as Markdown, self-contained HTML or JSON.",
    discussion: """
      KPI lines, categorical columns and the playbook come from --spec (see docs/segments.md). With \
      --statistics the profile is built from the statistics an SQL engine computed with the query of \
      `segmenta compile profile` (see docs/scale.md) instead of the workspace's customers.
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The segmentation.")
  var name: String

  @Option(help: "md, html or json.")
  var format: ProfileWorkflow.Format = .md

  @Option(help: "Write to this file instead of standard output.")
  var out: String?

  @Option(help: "A profile spec (YAML): KPIs, categories, playbook.")
  var spec: String?

  @Option(help: "Version (default: the latest).")
  var version: Int?

  @Option(
    help: ArgumentHelp(
      "Build the profile from the statistics an SQL engine computed (CSV of the `segmenta compile profile` query).",
      valueName: "file"))
  var statistics: String?

  func run() async throws {
    // --json alone prints the report as JSON, as --format json does.
    let format = global.json && out == nil ? .json : format
    let output = try ProfileWorkflow(
      name: name, version: version, specPath: spec, format: format, out: out, statistics: statistics
    )
    .run(global.context())
    guard let file = output.file else {
      Console.out(output.text)
      return
    }
    let report = output.report
    if global.json {
      return try Console.json([
        "file": file, "segmentation": name, "version": String(report.version), "format": format.rawValue,
      ])
    }
    Console.out(
      "Wrote the \(format.rawValue) profile of \(name) version \(report.version) (\(report.segments) segments, "
        + "\(Format.count(report.customers)) customers) to \(file).")
  }
}
