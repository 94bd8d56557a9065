import Foundation
import PropertyBased
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Every CSV a command writes is safe to open in a spreadsheet")
struct CSVOutputSafetyTests {
  /// Text that a spreadsheet would run as a formula, or that starts like one.
  static let dangerous = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "=1", "-", "+x"]

  /// Whether a cell read back from a CSV is safe: not starting a formula, unless it is a plain number.
  static func isSafe(_ cell: String) -> Bool {
    guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return true }
    return SpreadsheetSafety.isPlainNumber(cell)
  }

  /// Every cell of every record of the CSV at `path` (the header included).
  static func cells(_ path: String) throws -> [String] {
    let reader = try CSVReader(path: path)
    var cells = reader.header
    while try reader.next() { cells += reader.strings }
    return cells
  }

  @Test("property: ids, names, products, items and rejected rows that look like formulas never reach a CSV as formulas")
  func everyOutput() async throws {
    await propertyCheck(count: 8, input: Gen.int(in: 0...(Self.dangerous.count - 1)).array(of: 6...6)) { picks in
      do {
        let directory = TemporaryDirectory()
        let context = try makeContext()
        let words = picks.map { Self.dangerous[$0] }
        // Customers whose ids, cities and phones start like formulas; numbers that are negative.
        var lines = ["customer_id,calls,sms,balance,city"]
        for index in 0..<60 {
          let id = index < words.count ? "\(words[index])\(index)" : "N\(index)"
          lines.append(
            CSVWriter.line([
              id, "\(index % 3 * 100 + 1)", "\(index % 2 * 40)", "-\(index).5", words[index % words.count],
            ]))
        }
        try importCSV(lines.joined(separator: "\n") + "\n", into: context, directory: directory)
        let spec = directory.write("f.yaml", "features:\n  - name: balance_f\n    customer: balance\n")
        _ = try BuildFeaturesWorkflow(specPath: spec, eventPaths: []).run(context)
        var options = SegmentationOptions(k: 2, seed: 1)
        options.preprocessing.winsorize = nil
        _ = try SegmentWorkflow(name: "s", features: .named(["calls", "sms"]), options: options).run(context)
        _ = try RenameSegmentWorkflow(name: "s", segment: 1, label: words[0]).run(context)
        let product = ProductDefinition(
          id: words[1], name: FeatureLabel(zh: words[2], en: words[3]), tags: [words[4]], target: "calls > 0")
        _ = try DefineProductsWorkflow(source: .products([product])).run(context)
        let campaign = CampaignSpec(
          name: "c", product: words[5], offer: words[0], target: "calls > 0", channel: .store, costPerContact: 1,
          controlShare: 0.2, seed: 1)
        _ = try CreateCampaignWorkflow(source: .campaign(campaign)).run(context)
        _ = try SelectCampaignWorkflow(name: "c").run(context)
        let holdings = directory.write(
          "h.csv",
          (["customer_id,item"] + (0..<20).map { CSVWriter.line(["H\($0)", words[$0 % words.count]]) })
            .joined(separator: "\n") + "\n")
        let badRows = directory.write("bad.csv", "customer_id,calls\n\(CSVWriter.line([words[0], "1", "extra"]))\n")
        var written: [String] = []
        func file(_ name: String) -> String {
          written.append(directory.file(name))
          return directory.file(name)
        }
        _ = try ExportFeaturesWorkflow(out: file("features.csv")).run(context)
        _ = try ExportSegmentsWorkflow(name: "s", out: file("segments.csv")).run(context)
        _ = try AssignSegmentsWorkflow(
          name: "s",
          input: directory.write(
            "in.csv",
            CSVWriter.line(["customer_id", "calls", "sms"]) + "\n"
              + CSVWriter.line([words[1], "5", "6"]) + "\n"), out: file("assigned.csv")
        ).run(context)
        _ = try RecommendWorkflow(out: file("recommendations.csv")).run(context)
        _ = try BasketWorkflow(input: holdings, minimumSupport: 0.05, minimumConfidence: 0, out: file("rules.csv"))
          .run(context)
        _ = try ExportCampaignWorkflow(name: "c", out: file("contacts.csv")).run(context)
        _ = try ImportCustomersWorkflow(
          path: badRows, options: CustomerImportOptions(onError: .skip), rejectsPath: file("rejects.csv")
        ).run(context)
        for path in written {
          let cells = try Self.cells(path)
          #expect(!cells.isEmpty, "\(path) is empty")
          for cell in cells {
            #expect(Self.isSafe(cell), "\((path as NSString).lastPathComponent): \(cell.debugDescription)")
          }
        }
        // Negative numbers stay numbers.
        #expect(try Self.cells(directory.file("features.csv")).contains("-1.5"))
      } catch {
        Issue.record("\(error)")
      }
    }
  }
}
