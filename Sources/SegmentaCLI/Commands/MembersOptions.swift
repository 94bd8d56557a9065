import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// The options of `segments members`, `tags members` and `rule members`, and how their result is printed.
struct MembersOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Comma-separated columns: features, customer columns, value-table columns, segment(NAME), tag(NAME), "
        + "personal columns (masked). Default: customer_id and a few that describe the members.",
      valueName: "a,b,c"))
  var columns: String?

  @Option(help: "Wide-table period whose features are shown (default: a segmentation's own, else the latest).")
  var period: String?

  @Option(help: "Write every member to this CSV file (- for standard output); recorded in the export audit.")
  var out: String?

  @Option(help: "Rows printed (or listed in --json) without --out.")
  var limit: Int = 20

  @Flag(help: "Show personal columns unmasked (needs the right to reveal contacts; audited).")
  var revealContact = false

  @Option(help: "Segment names in segment(NAME) columns: zh, en or both.")
  var lang: SegmentNameLanguage = .both

  func validate() throws {
    guard (0...MembersWorkflow.maximumLimit).contains(limit) else {
      throw ValidationError("--limit takes 0 to \(MembersWorkflow.maximumLimit) rows")
    }
  }

  /// The listing of `source` these options ask for.
  func workflow(_ source: MembersWorkflow.Source) throws -> MembersWorkflow {
    MembersWorkflow(
      source: source, columns: try columns.map { try ArgumentParsing.names($0, option: "--columns") },
      period: period, out: out, limit: limit, reveal: revealContact, language: lang)
  }

  /// Runs the listing of `source` and prints it: JSON, or the rows as a table and the summary line.
  func run(_ source: MembersWorkflow.Source, global: GlobalOptions) throws {
    try Console.checkStandardOutput(out, json: global.json)
    let output = try workflow(source).run(global.context())
    if global.json { return try Console.json(output) }
    let share = output.customers > 0 ? Double(output.count) / Double(output.customers) * 100 : 0
    var summary =
      "\(Format.count(output.count)) member\(output.count == 1 ? "" : "s") of \(output.subject) "
      + "(\(String(format: "%.1f", share)) % of \(Format.count(output.customers)) customers; "
      + "\(Format.period(output.period)))"
    if let unknown = output.unknown, unknown > 0 {
      summary += "; the rule is unknown for \(Format.count(unknown)) because a value it reads is missing"
    }
    if let file = output.file {
      let masked = output.columns.filter(\.masked).map(\.name)
      summary +=
        "; wrote every member to \(file)"
        + (output.revealed
          ? " with personal columns revealed" : masked.isEmpty ? "" : " (\(masked.joined(separator: ", ")) masked)")
      Console.summary(summary + ".", dataTo: out)
      return
    }
    if !output.rows.isEmpty {
      let numeric = Set(
        output.columns.indices.filter { index in
          output.rows.allSatisfy { row in
            if case .text = row[index] { return false }
            return true
          }
        })
      Console.out(
        Format.table(
          output.columns.map(\.name), output.rows.map { $0.map(Self.shown) },
          rightAligned: numeric))
      if output.rows.count < output.count {
        summary += "; the first \(Format.count(output.rows.count)) shown (--limit, or --out for all)"
      }
    }
    Console.out(summary + ".")
  }

  /// A cell as the table prints it: numbers rounded to four significant digits, `–` when missing.
  static func shown(_ cell: MembersWorkflow.Cell) -> String {
    if case .number(let value) = cell { return Format.number(value) }
    return cell.text.isEmpty ? "–" : cell.text
  }
}
