import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

extension SegmentsCommand {
  /// `segmenta segments migration NAME`: flows between two versions.
  struct Migration: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "migration",
      abstract: "Show how customers moved between two versions of a segmentation, and write the movers.",
      discussion: """
        Prints the flow matrix (customers of each earlier segment by their later segment, in counts and row \
        shares), the share of customers in both versions who stayed in their segment, the entries (new in \
        the later version) and exits (gone from it). By default the later version is the latest and the \
        earlier one the version it refreshes (else the one before it). --out writes the movers (customer_id, \
        from_segment, from_name, to_segment, to_name); customer ids are personal data, so the file is \
        recorded in the export audit. See docs/segments.md.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The segmentation.")
    var name: String

    @Option(help: "The earlier version (default: the one --to refreshes, else the version before it).")
    var from: Int?

    @Option(help: "The later version (default: the latest).")
    var to: Int?

    @Option(help: "Write the movers to this CSV file (- for standard output).")
    var out: String?

    @Option(help: "Segment names in the movers file: zh, en or both.")
    var lang: SegmentNameLanguage = .both

    func validate() throws { try Console.checkStandardOutput(out, json: global.json) }

    func run() async throws {
      let output = try SegmentMigrationWorkflow(name: name, from: from, to: to, out: out, language: lang)
        .run(global.context())
      if global.json { return try Console.json(output) }
      let lines = Self.lines(output)
      if out == "-" {
        for line in lines { Console.note(line) }
      } else {
        for line in lines { Console.out(line) }
      }
    }

    /// The flow matrix in counts and in row shares, and the summary line.
    static func lines(_ output: SegmentMigrationWorkflow.Output) -> [String] {
      let migration = output.migration
      let from = output.from
      let to = output.to
      func label(_ version: SegmentMigrationWorkflow.Version) -> String {
        "version \(version.version) (" + (version.period.map { "period \($0), " } ?? "")
          + "\(Format.count(version.customers)) customers)"
      }
      var lines = ["Migration of \(output.name) from \(label(from)) to \(label(to)):", ""]
      if !output.linked {
        lines.append(
          "Note: version \(to.version) does not refresh version \(from.version): their segments come from "
            + "different fits, so a segment number may not mean the same group in both.")
        lines.append("")
      }
      let columns = migration.toSizes.indices.map { "→ \($0 + 1)" }
      let names = output.segments.map { SegmentNames.combined($0.name) }
      var counts: [[String]] = migration.flows.enumerated().map { index, row in
        ["\(index + 1). \(names[index])", Format.count(migration.fromSizes[index])] + row.map(Format.count)
          + [Format.count(migration.exitsBySegment[index])]
      }
      counts.append(
        ["new (entries)", Format.count(migration.entries)] + migration.entriesBySegment.map(Format.count) + ["–"])
      counts.append(["later size", ""] + migration.toSizes.map(Format.count) + [Format.count(migration.exits)])
      let numeric = Set(1..<(columns.count + 3))
      lines.append("Customers, earlier segment (rows) by later segment (columns):")
      lines.append(
        Format.table(["segment", "v\(from.version)"] + columns + ["gone"], counts, rightAligned: numeric))
      lines.append("")
      lines.append("Row shares (where each earlier segment's customers went, of those in both versions):")
      let shares = migration.rowShares.enumerated().map { index, row in
        ["\(index + 1). \(names[index])"] + row.map { String(format: "%.1f %%", $0 * 100) }
      }
      lines.append(Format.table(["segment"] + columns, shares, rightAligned: Set(1..<(columns.count + 1))))
      lines.append("")
      lines.append(
        "\(output.name) v\(from.version) → v\(to.version): \(String(format: "%.1f %%", migration.stayersShare * 100)) "
          + "of the \(Format.count(migration.common)) customers in both versions stayed in their segment, "
          + "\(Format.count(migration.movers)) moved; \(Format.count(migration.entries)) new, "
          + "\(Format.count(migration.exits)) gone"
          + (output.file.map { "; wrote \(Format.count(migration.movers)) movers to \($0)" } ?? "")
          + " (\(Format.seconds(output.seconds))).")
      return lines
    }
  }
}
