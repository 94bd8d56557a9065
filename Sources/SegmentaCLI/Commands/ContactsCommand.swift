import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta contacts`: contact attempts and the dormant / void statuses they give.
struct ContactsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "contacts",
    abstract: "Import contact attempts; customers unreachable on every method become dormant (own) or void.",
    subcommands: [Import.self, Status.self])

  /// `segmenta contacts import`.
  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Add contact attempts (customer_id, method, attempted_at, success) and recompute the statuses.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The attempts file (CSV).")
    var input: String

    @Option(help: "Failed attempts since the last success, on every method, that make a customer unreachable.")
    var maxFailures: Int?

    @Option(help: "The methods that must all be exhausted, comma-separated (phone, email, sms, fax).")
    var methods: String?

    @Option(help: "The customer column with the customer class.")
    var classColumn: String?

    @Option(help: "Classes of own customers (dormant when unreachable), comma-separated; other classes become void.")
    var ownClasses: String?

    @Option(help: "fail: the first bad row stops the import and nothing is stored; skip: leave bad rows out.")
    var onError: BadRowPolicy = .fail

    /// The settings the flags change.
    func settingsChange() throws -> ImportContactAttemptsWorkflow.SettingsChange {
      var change = ImportContactAttemptsWorkflow.SettingsChange(classColumn: classColumn)
      if let maxFailures {
        guard maxFailures >= 1 else { throw ValidationError("--max-failures must be at least 1") }
        change.maximumFailures = maxFailures
      }
      if let methods {
        var parsed: [ContactMethod] = []
        for text in methods.split(separator: ",") {
          guard let method = ContactMethod(text: String(text)) else {
            throw ValidationError("--methods: '\(text)' is not phone, email, sms or fax")
          }
          parsed.append(method)
        }
        guard !parsed.isEmpty else { throw ValidationError("--methods lists no method") }
        change.methods = parsed
      }
      change.ownClasses = ownClasses.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
      return change
    }

    func validate() throws {
      _ = try settingsChange()
    }

    func run() async throws {
      let report = try ImportContactAttemptsWorkflow(path: input, settings: settingsChange(), onError: onError)
        .run(global.context())
      if global.json { return try Console.json(report) }
      Console.printSkipped(report.skipped, firstLines: report.firstSkippedLine)
      if !report.classColumnFound {
        Console.note(
          "note: there is no customer column '\(report.settings.classColumn)'; every unreachable customer counts as own (dormant)"
        )
      }
      Console.out(
        "Stored \(Format.count(report.stored)) contact attempts from \(Format.count(report.rowsRead)) rows"
          + (report.alreadyStored > 0 ? " (\(Format.count(report.alreadyStored)) were already stored)" : "") + "; "
          + "\(Format.count(report.statuses[.dormant] ?? 0)) customers are dormant and "
          + "\(Format.count(report.statuses[.void] ?? 0)) void (\(report.settings.maximumFailures) failures on "
          + "\(report.settings.methods.map(\.rawValue).joined(separator: ", "))).")
    }
  }

  /// `segmenta contacts status`.
  struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "status", abstract: "Count (or list) dormant and void customers.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "List the customer ids with this status (dormant or void).")
    var list: String?

    func validate() throws {
      if let list, ContactStatus(rawValue: list) == nil { throw ValidationError("--list takes dormant or void") }
    }

    func run() async throws {
      let output = try ContactStatusWorkflow(list: list.flatMap(ContactStatus.init(rawValue:))).run(global.context())
      if global.json { return try Console.json(output) }
      for id in output.customers ?? [] { Console.out(id) }
      Console.out(
        "\(Format.count(output.dormant)) dormant and \(Format.count(output.void)) void customers; "
          + "`contact_status` in rules reads them, and campaigns exclude them unless exclude_statuses says otherwise.")
    }
  }
}
