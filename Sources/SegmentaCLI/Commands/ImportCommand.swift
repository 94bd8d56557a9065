import ArgumentParser
import SegmentaCore
import SegmentaFormats
import SegmentaStore

/// `segmenta import …`: loads data files into the workspace.
struct ImportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import", abstract: "Load data files into the workspace.", subcommands: [ImportCustomersCommand.self])
}

extension CustomerImportOptions.OnError: ExpressibleByArgument {}

/// Parses `--delimiter`.
func parseDelimiter(_ text: String) throws -> CSVDialect {
  guard let dialect = CSVDialect(delimiterName: text) else {
    throw ValidationError("--delimiter takes one character (or tab, comma, semicolon, pipe), not '\(text)'")
  }
  return dialect
}

/// `segmenta import customers FILE`.
struct ImportCustomersCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "customers",
    abstract: "Import customers from a CSV file: insert new ones, update existing ones (by id).",
    discussion: """
      Column types (integer, decimal, boolean, date, timestamp, text) are inferred from every value \
      unless a --schema file fixes them. New columns extend the customer table. With --on-error fail \
      (the default) the first bad row stops the import and nothing is written; with --on-error skip \
      the good rows are imported and each bad row goes to the rejects file with its line and reason.
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The CSV file (UTF-8, RFC 4180; a header row names the columns).")
  var file: String

  @Option(name: .customLong("id-column"), help: "The column holding customer ids.")
  var idColumn = "customer_id"

  @Option(help: "A YAML file fixing column types (see docs/import.md).")
  var schema: String?

  @Option(
    name: .customLong("on-error"),
    help: "fail: stop at the first bad row, importing nothing; skip: import the good rows.")
  var onError: CustomerImportOptions.OnError = .fail

  @Option(help: "Where rejected rows go with --on-error skip (default: FILE.rejects.csv).")
  var rejects: String?

  @Option(help: "Field delimiter: one character, or tab, comma, semicolon, pipe.")
  var delimiter = ","

  func run() async throws {
    let dialect = try parseDelimiter(delimiter)
    let workspace = try global.openWorkspace()
    var options = CustomerImportOptions(idColumn: idColumn, onError: onError)
    if let schema { options.schema = try ImportSchemaParser.load(path: schema) }
    let progress = Progress("importing \(file)")
    let report = try CustomerFileImport.run(
      workspace: workspace, path: file, dialect: dialect, options: options, rejectsPath: rejects,
      progress: { phase, done, total in progress.update(done, of: total, detail: phase.rawValue) })
    Progress.clear()
    if global.json { return try Console.json(report) }
    let summary = report.summary
    let added = summary.columns.filter(\.added)
    if !added.isEmpty {
      Console.out("New columns:")
      Console.out(
        Format.table(
          ["column", "type", "decided by", "personal data"],
          added.map { [$0.name, $0.type.rawValue, $0.typeSource, $0.personal ? "yes" : ""] }))
    }
    if summary.rejected > 0 {
      let reasons = summary.rejectedByReason.sorted { $0.value > $1.value }.map {
        "\(Format.count($0.value)) \($0.key)"
      }
      Console.out("Rejected rows: \(reasons.joined(separator: ", ")); see \(report.rejectsFile ?? "")")
    }
    Console.out(
      "Imported \(file): \(Format.count(summary.rowsRead)) rows read, \(Format.count(summary.inserted)) new, "
        + "\(Format.count(summary.updated)) updated, \(Format.count(summary.rejected)) rejected; "
        + "\(Format.count(summary.customersInWorkspace)) customers in the workspace (\(Format.seconds(report.seconds)))."
    )
  }
}
