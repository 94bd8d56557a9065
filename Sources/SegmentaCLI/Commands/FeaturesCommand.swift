import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaFormats
import SegmentaStore

/// `segmenta features …`: the per-customer wide table.
struct FeaturesCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "features", abstract: "Build and inspect the per-customer wide table (宽表).",
    subcommands: [
      FeaturesBuildCommand.self, FeaturesDescribeCommand.self, FeaturesPeriodsCommand.self, FeaturesExportCommand.self,
    ])
}

/// Parses a `YYYY-MM-DD` option.
func parseDay(_ text: String, option: String) throws -> Int {
  guard let day = ValueParser.withBytes(of: text, { ValueParser.parseDate($0) }) else {
    throw ValidationError("\(option) takes a date as YYYY-MM-DD, not '\(text)'")
  }
  return day
}

/// `segmenta features build`.
struct FeaturesBuildCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Compute the wide table from event files in one streaming pass and store it as a period.",
    discussion: "The spec format is described in docs/features.md.")

  @OptionGroup var global: GlobalOptions

  @Option(help: "The wide-table spec (YAML).")
  var spec: String

  @Option(help: "An event file (CSV); repeat for several files.")
  var events: [String] = []

  @Option(help: "Label of the period to store (default: the reference date).")
  var period: String?

  @Option(name: .customLong("as-of"), help: "Reference date YYYY-MM-DD, overriding the spec's.")
  var asOf: String?

  @Flag(help: "Fail when an event names a customer not in the workspace (default: count and report them).")
  var strict = false

  @Flag(help: "Rebuild the period if it already exists.")
  var replace = false

  @Option(help: "Field delimiter of the event files.")
  var delimiter = ","

  func run() async throws {
    let workspace = try global.openWorkspace()
    let request = WideTableBuild.Request(
      specPath: spec, eventPaths: events, period: period, asOf: try asOf.map { try parseDay($0, option: "--as-of") },
      strict: strict, replace: replace, dialect: try parseDelimiter(delimiter))
    let progress = Progress("building wide table")
    let report = try WideTableBuild.run(workspace: workspace, request: request) { index, done, total in
      progress.update(done, of: total, detail: "(\((events[index] as NSString).lastPathComponent))")
    }
    Progress.clear()
    if global.json { return try Console.json(report) }
    Console.out(
      Format.table(
        ["event file", "rows", "unknown customers", "after reference date"],
        report.files.map {
          [
            $0.path, Format.count($0.rowsRead), Format.count($0.unknownCustomerRows),
            Format.count($0.afterReferenceRows),
          ]
        }, rightAligned: [1, 2, 3]))
    if report.period.unknownCustomerRows > 0 {
      Console.out(
        "Note: \(Format.count(report.period.unknownCustomerRows)) event rows name customers not in the workspace and were ignored (use --strict to fail instead)."
      )
    }
    let eventsPerSecond = Double(report.period.eventsRead) / max(report.seconds, 1e-9)
    Console.out(
      "Built period \(report.period.label): \(report.features.count) features for \(Format.count(report.period.customerCount)) customers "
        + "from \(Format.count(report.period.eventsRead)) events (reference date \(report.period.referenceDate ?? "–")) "
        + "in \(Format.seconds(report.seconds)), \(Format.count(Int(eventsPerSecond))) events/s.")
  }
}

/// One row of `features describe`.
struct DescribedColumn: Codable {
  var name: String
  var source: String
  var label: String?
  var summary: ColumnSummary
}

/// `segmenta features describe`.
struct FeaturesDescribeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "describe",
    abstract: "Statistics of every feature and numeric customer column.",
    discussion: """
      count, missing, mean, std (sample, n−1), min, p01, p25, p50, p75, p99 (linear interpolation, as \
      numpy), max and skewness (adjusted Fisher–Pearson G1, as pandas Series.skew).
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: "The period (default: the latest).")
  var period: String?

  struct Output: Codable {
    var period: String?
    var customers: Int
    var columns: [DescribedColumn]
  }

  func run() async throws {
    let workspace = try global.openWorkspace()
    let periods = try workspace.periods()
    var columns: [DescribedColumn] = []
    var periodLabel: String?
    var customerCount = try workspace.customerCount()
    var keys: [Int64]
    if !periods.isEmpty || period != nil {
      let table = try workspace.wideTable(period: period)
      periodLabel = table.period.label
      keys = table.customerKeys
      customerCount = keys.count
      let summaries = ParallelBlocks.map(count: table.features.count) { ColumnSummary(table.features[$0].values) }
      for (feature, summary) in zip(table.features, summaries) {
        columns.append(
          DescribedColumn(name: feature.name, source: "feature", label: feature.label.en, summary: summary))
      }
    } else {
      keys = try workspace.customerKeys()
    }
    let numeric = try workspace.customerColumns().filter(\.type.isNumeric)
    let values = try workspace.customerValues(columns: numeric.map(\.name), keys: keys)
    let customerSummaries = ParallelBlocks.map(count: numeric.count) { ColumnSummary(values[numeric[$0].name]!.values) }
    for (column, summary) in zip(numeric, customerSummaries) {
      columns.append(DescribedColumn(name: column.name, source: "customer", label: nil, summary: summary))
    }
    if global.json { return try Console.json(Output(period: periodLabel, customers: customerCount, columns: columns)) }
    let header = [
      "column", "source", "count", "missing", "mean", "std", "min", "p01", "p25", "p50", "p75", "p99", "max", "skew",
    ]
    let rows = columns.map { column -> [String] in
      let s = column.summary
      return [column.name, column.source, Format.count(s.count), Format.count(s.missing)]
        + [s.mean, s.std, s.min, s.p01, s.p25, s.p50, s.p75, s.p99, s.max, s.skewness].map(Format.number)
    }
    Console.out(Format.table(header, rows, rightAligned: Set(2..<header.count)))
    Console.out(
      "Described \(columns.count) columns for \(Format.count(customerCount)) customers"
        + (periodLabel.map { " (period \($0))." } ?? " (no wide table built yet)."))
  }
}

/// `segmenta features periods`.
struct FeaturesPeriodsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "periods", abstract: "List the stored wide-table periods.")

  @OptionGroup var global: GlobalOptions

  func run() async throws {
    let periods = try global.openWorkspace().periods()
    if global.json { return try Console.json(periods) }
    if !periods.isEmpty {
      Console.out(
        Format.table(
          ["period", "reference date", "customers", "features", "events", "built at"],
          periods.map {
            [
              $0.label, $0.referenceDate ?? "–", Format.count($0.customerCount), String($0.featureCount),
              Format.count($0.eventsRead), $0.builtAt,
            ]
          }, rightAligned: [2, 3, 4]))
    }
    Console.out("\(periods.count) period\(periods.count == 1 ? "" : "s") stored.")
  }
}

/// `segmenta features export`.
struct FeaturesExportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Write a period's wide table as CSV (customer_id and one column per feature).")

  @OptionGroup var global: GlobalOptions

  @Option(help: "The period (default: the latest).")
  var period: String?

  @Option(help: "The CSV file to write.")
  var out: String

  struct Output: Codable {
    var period: String
    var rows: Int
    var features: Int
    var file: String
  }

  func run() async throws {
    let workspace = try global.openWorkspace()
    let table = try workspace.wideTable(period: period)
    let ids = try workspace.customerIDs(keys: table.customerKeys)
    let writer = try CSVWriter(path: out, header: ["customer_id"] + table.features.map(\.name))
    let progress = Progress("exporting")
    for row in 0..<table.customerKeys.count {
      writer.field(ids[row])
      for feature in table.features {
        let value = feature.values[row]
        if value.isNaN { writer.emptyField() } else { writer.field(Self.text(value)) }
      }
      try writer.endRecord()
      if row % 10_000 == 0 { progress.update(row, of: table.customerKeys.count, bytes: false) }
    }
    try writer.close()
    Progress.clear()
    let output = Output(period: table.period.label, rows: writer.rowCount, features: table.features.count, file: out)
    if global.json { return try Console.json(output) }
    Console.out(
      "Exported period \(output.period): \(Format.count(output.rows)) customers × \(output.features) features to \(out)."
    )
  }

  /// Shortest text that reads back as the same double.
  static func text(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
  }
}
