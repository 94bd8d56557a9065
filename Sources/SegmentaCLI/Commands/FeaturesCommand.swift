import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta features …`: the per-customer wide table.
struct FeaturesCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "features", abstract: "Build and inspect the per-customer wide table (宽表).",
    subcommands: [Build.self, Import.self, Describe.self, Periods.self, Export.self])

  /// `segmenta features build`.
  struct Build: AsyncParsableCommand {
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

    @Flag(help: "Rebuild the period if it already exists (refused while a stored segmentation reads it).")
    var replace = false

    @Flag(name: .customLong("allow-empty"), help: "Store the period even when the event files hold no usable event.")
    var allowEmpty = false

    @Option(help: "Field delimiter of the event files.")
    var delimiter = ","

    func run() async throws {
      let workflow = BuildFeaturesWorkflow(
        specPath: spec, eventPaths: events, period: period,
        asOf: try asOf.map { try ArgumentParsing.day($0, option: "--as-of") }, strict: strict, replace: replace,
        allowEmpty: allowEmpty,
        dialect: try ArgumentParsing.dialect(delimiter))
      let report = try workflow.run(global.context())
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
      for note in report.notes { Console.out("Note: \(note)") }
      let eventsPerSecond = Double(report.period.eventsRead) / max(report.seconds, 1e-9)
      Console.out(
        "Built period \(report.period.label): \(report.features.count) features for \(Format.count(report.period.customerCount)) customers "
          + "from \(Format.count(report.period.eventsRead)) events (reference date \(report.period.referenceDate ?? "–")) "
          + "in \(Format.seconds(report.seconds)), \(Format.count(Int(eventsPerSecond))) events/s.")
    }
  }

  /// `segmenta features import`.
  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Store a wide table made elsewhere (customer_id and the spec's features) as a period.",
      discussion: """
        The file is a wide table as `segmenta features export` writes it: customer_id and one column per feature \
        of the spec, numbers or empty for missing, categorical features as their codes 0, 1, …. Every customer must \
        be in the workspace; a bad row stops the import, naming its line and column, and nothing is stored.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The wide-table spec the table was made with (YAML).")
    var spec: String

    @Option(help: "Label of the period to store (default: the spec's reference date).")
    var period: String?

    @Flag(help: "Replace the period if it already exists (refused while a stored segmentation reads it).")
    var replace = false

    @Option(help: "Field delimiter of the file.")
    var delimiter = ","

    @Argument(help: "The wide table (CSV).")
    var file: String

    func run() async throws {
      let report = try ImportFeaturesWorkflow(
        specPath: spec, input: file, period: period, replace: replace, dialect: try ArgumentParsing.dialect(delimiter)
      ).run(global.context())
      if global.json { return try Console.json(report) }
      Console.out(
        "Imported period \(report.period.label): \(report.features.count) features for "
          + "\(Format.count(report.rows)) customers from \(file) in \(Format.seconds(report.seconds)).")
    }
  }

  /// `segmenta features describe`.
  struct Describe: AsyncParsableCommand {
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

    func run() async throws {
      let output = try DescribeFeaturesWorkflow(period: period).run(global.context())
      if global.json { return try Console.json(output) }
      let header = [
        "column", "source", "count", "missing", "mean", "std", "min", "p01", "p25", "p50", "p75", "p99", "max", "skew",
      ]
      let rows = output.columns.map { column -> [String] in
        let s = column.summary
        let counts = [column.name, column.source, Format.count(s.count), Format.count(s.missing)]
        // A categorical feature's codes have no meaningful mean or percentiles.
        if column.categories != nil { return counts + Array(repeating: "", count: header.count - counts.count) }
        return counts
          + [s.mean, s.std, s.min, s.p01, s.p25, s.p50, s.p75, s.p99, s.max, s.skewness].map(Format.number)
      }
      Console.out(Format.table(header, rows, rightAligned: Set(2..<header.count)))
      for column in output.columns {
        guard let categories = column.categories else { continue }
        Console.out(
          "\(column.name) (categories): "
            + categories.map { "\($0.category) \(Format.count($0.customers))" }.joined(separator: ", "))
      }
      Console.out(
        "Described \(output.columns.count) columns for \(Format.count(output.customers)) customers"
          + (output.period.map { " (period \($0))." } ?? " (no wide table built yet)."))
    }
  }

  /// `segmenta features periods`.
  struct Periods: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "periods", abstract: "List the stored wide-table periods.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
      let periods = try ListPeriodsWorkflow().run(global.context())
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
  struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export", abstract: "Write a period's wide table as CSV (customer_id and one column per feature).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The period (default: the latest).")
    var period: String?

    @Option(help: "The CSV file to write, or - for standard output.")
    var out: String

    func validate() throws { try Console.checkStandardOutput(out, json: global.json) }

    func run() async throws {
      let output = try ExportFeaturesWorkflow(period: period, out: out).run(global.context())
      if global.json { return try Console.json(output) }
      Console.summary(
        "Exported period \(output.period): \(Format.count(output.rows)) customers × \(output.features) features to \(out).",
        dataTo: out)
    }
  }
}
