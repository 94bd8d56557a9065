import Foundation
import SegmentaCore
import Testing

@testable import SegmentaIO

/// `mode` and `mode_share` of `Tests/Fixtures/mode/views.csv` against DuckDB's GROUP BY with the same tie
/// rule (`scripts/fixtures/mode_reference.py`), read in small chunks on several threads and in one pass.
@Suite("Mode against DuckDB")
struct ModeReferenceTests {
  struct Fixture: Decodable {
    struct Mode: Decodable {
      var category: String
      var share: Double
    }
    var categories: [String]
    var customers: [String]
    var modes: [String: Mode]
    var ties: Int
  }

  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/mode")

  @Test(
    "mode and mode_share equal DuckDB's for every customer, ties included, whatever the chunks and threads",
    arguments: [(211, 2), (4096, 3), (1 << 20, 1)])
  func matchesDuckDB(chunkSize: Int, threads: Int) throws {
    let fixture = try JSONDecoder().decode(
      Fixture.self, from: Data(contentsOf: Self.folder.appendingPathComponent("mode_reference.json")))
    #expect(fixture.ties > 50)
    let list = "[" + fixture.categories.joined(separator: ", ") + "]"
    let spec = """
      features:
        - name: top
          aggregate: mode
          of: category
          categories: \(list)
          where: {type: view}
        - name: top_share
          aggregate: mode_share
          of: category
          categories: \(list)
          where: {type: view}
      """
    let plan = try WideTablePlan(spec: WideTableSpecParser.parse(spec, file: "spec.yaml"))
    let accumulator = WideTableAccumulator(plan: plan, customerCount: fixture.customers.count)
    _ = try EventFileReader.read(
      path: Self.folder.appendingPathComponent("views.csv").path,
      customers: FrozenByteStringTable(ByteStringTable(fixture.customers)), into: accumulator, threads: threads,
      chunkSize: chunkSize)
    let table = try accumulator.finish(customerColumns: [:])
    let top = try #require(table.column(named: "top"))
    let share = try #require(table.column(named: "top_share")).values
    var compared = 0
    for (row, customer) in fixture.customers.enumerated() {
      guard let expected = fixture.modes[customer] else {
        #expect(top.values[row].isNaN && share[row].isNaN, "\(customer) has no view with a category")
        continue
      }
      let code = try #require(Int(exactly: top.values[row]), "\(customer)")
      #expect(top.definition.categories[code] == expected.category, "\(customer)")
      #expect(abs(share[row] - expected.share) < 1e-12, "\(customer)")
      compared += 1
    }
    #expect(compared == fixture.modes.count && compared > 300)
  }
}
