import ArgumentParser
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta import …`: loads data files into the workspace.
struct ImportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import", abstract: "Load data files into the workspace.", subcommands: [Customers.self])

  /// `segmenta import customers FILE`.
  struct Customers: AsyncParsableCommand {
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
    var onError: BadRowPolicy = .fail

    @Option(help: "Where rejected rows go with --on-error skip (default: FILE.rejects.csv; - for standard output).")
    var rejects: String?

    func validate() throws { try Console.checkStandardOutput(rejects, option: "--rejects", json: global.json) }

    @Option(help: "Field delimiter: one character, or tab, comma, semicolon, pipe.")
    var delimiter = ","

    func run() async throws {
      let workflow = ImportCustomersWorkflow(
        path: file, dialect: try ArgumentParsing.dialect(delimiter),
        options: CustomerImportOptions(idColumn: idColumn, onError: onError), schemaPath: schema, rejectsPath: rejects)
      let report = try workflow.run(global.context())
      if global.json { return try Console.json(report) }
      let summary = report.summary
      let added = summary.columns.filter(\.added)
      if !added.isEmpty {
        Console.summary("New columns:", dataTo: rejects)
        Console.summary(
          Format.table(
            ["column", "type", "decided by", "personal data"],
            added.map { [$0.name, $0.type.rawValue, $0.typeSource, $0.personal ? "yes" : ""] }), dataTo: rejects)
      }
      if summary.rejected > 0 {
        let reasons = summary.rejectedByReason.sorted { $0.value > $1.value }.map {
          "\(Format.count($0.value)) \($0.key.rawValue)"
        }
        Console.summary(
          "Rejected rows: \(reasons.joined(separator: ", ")); see \(report.rejectsFile ?? "")", dataTo: rejects)
      }
      for note in summary.notes { Console.note("note: \(note)") }
      Console.summary(
        "Imported \(file): \(Format.count(summary.rowsRead)) rows read, \(Format.count(summary.inserted)) new, "
          + "\(Format.count(summary.updated)) updated, \(Format.count(summary.rejected)) rejected; "
          + "\(Format.count(summary.customersInWorkspace)) customers in the workspace (\(Format.seconds(report.seconds))).",
        dataTo: rejects)
    }
  }
}
