import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaFormats
import SegmentaStore

/// `segmenta profile NAME`: the segment profile report.
struct ProfileCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "profile",
    abstract: "Write the profile report of a segmentation as Markdown, self-contained HTML or JSON.",
    discussion: "KPI lines, categorical columns and the playbook come from --spec (see docs/segments.md).")

  enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html, json
  }

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The segmentation.")
  var name: String

  @Option(help: "md, html or json.")
  var format: ReportFormat = .md

  @Option(help: "Write to this file instead of standard output.")
  var out: String?

  @Option(help: "A profile spec (YAML): KPIs, categories, playbook.")
  var spec: String?

  @Option(help: "Version (default: the latest).")
  var version: Int?

  func run() async throws {
    let workspace = try global.openWorkspace()
    let stored = try workspace.segmentation(named: name, version: version)
    let profileSpec =
      try spec.map { path throws(SpecFileError) in try ProfileSpecParser.load(path: path) }
      ?? ProfileSpec(playbook: ProfileSpecParser.defaultPlaybook())
    let report = try SegmentReportBuilder.build(workspace: workspace, segmentation: stored, spec: profileSpec)
    let text: String
    switch format {
    case .md: text = MarkdownReport.render(report)
    case .html: text = HTMLReport.render(report)
    case .json: text = try ReportJSON.encode(report)
    }
    guard let out else {
      Console.out(text)
      return
    }
    try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
    if global.json {
      return try Console.json([
        "file": out, "segmentation": name, "version": String(stored.version), "format": format.rawValue,
      ])
    }
    Console.out(
      "Wrote the \(format.rawValue) profile of \(name) version \(stored.version) (\(report.segments) segments, "
        + "\(Format.count(report.customers)) customers) to \(out).")
  }
}

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

  @Option(help: "Output CSV: customer_id, segment_id, segment_name, distance.")
  var out: String

  @Option(name: .customLong("id-column"), help: "The column holding customer ids.")
  var idColumn = "customer_id"

  @Option(help: "Segment names in zh, en or both.")
  var lang: SegmentAssignment.NameLanguage = .both

  @Option(help: "Version (default: the latest).")
  var version: Int?

  @Option(help: "Field delimiter of the input.")
  var delimiter = ","

  func run() async throws {
    let workspace = try global.openWorkspace()
    let stored = try workspace.segmentation(named: name, version: version)
    let report = try SegmentAssignment.assign(
      segmentation: stored, input: input, output: out, idColumn: idColumn, dialect: try parseDelimiter(delimiter),
      language: lang)
    if global.json { return try Console.json(report) }
    Console.out(
      "Assigned \(Format.count(report.rows)) customers to the \(stored.model.segmentCount) segments of \(name) "
        + "version \(stored.version); wrote \(out).")
  }
}

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

  @Option(help: "Output file: customer_id, cluster_id, segment_id, segment_name.")
  var out: String

  @Option(help: "Segment names in zh, en or both.")
  var lang: SegmentAssignment.NameLanguage = .both

  @Option(help: "Version (default: the latest).")
  var version: Int?

  func run() async throws {
    let workspace = try global.openWorkspace()
    let stored = try workspace.segmentation(named: name, version: version)
    let report = try SegmentAssignment.export(workspace: workspace, segmentation: stored, output: out, language: lang)
    if global.json { return try Console.json(report) }
    Console.out(
      "Exported \(Format.count(report.rows)) customers of \(name) version \(stored.version) to \(out)"
        + (report.unsegmented > 0
          ? " (\(Format.count(report.unsegmented)) added after the segmentation have no segment)." : "."))
  }
}
