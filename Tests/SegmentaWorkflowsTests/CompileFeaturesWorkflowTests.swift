import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Compile features: a spec from a file, from text, or as the workspace stored it with a period")
struct CompileFeaturesWorkflowTests {
  static let first = "reference_date: 2024-03-01\nfeatures:\n  - name: spend\n    aggregate: sum\n    of: amount\n"
  static let second = """
    reference_date: 2024-04-01
    features:
      - name: spend
        aggregate: sum
        of: amount
      - name: purchases
        aggregate: count
    """

  /// A workspace with three customers and the periods P1 (`first`) and P2 (`second`, the latest).
  static func context(_ directory: TemporaryDirectory) throws -> WorkflowContext {
    let context = try makeContext()
    try importCSV("customer_id,city\nA,x\nB,y\nC,z\n", into: context, directory: directory)
    let events = directory.write(
      "e.csv", "customer_id,timestamp,amount\nA,2024-02-01 10:00:00,1\nB,2024-02-02 10:00:00,5\n")
    for (name, spec, period) in [("p1.yaml", first, "P1"), ("p2.yaml", second, "P2")] {
      _ = try BuildFeaturesWorkflow(
        specPath: directory.write(name, spec), eventPaths: [events], period: period
      ).run(context)
    }
    return context
  }

  @Test("a spec given as text compiles to the query of the same spec in a file, for every engine")
  func textEqualsFile() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let path = directory.write("f.yaml", Self.second)
    for target in SQLDialect.allCases {
      let file = try CompileFeaturesWorkflow(specPath: path, target: target).run(context)
      let text = try CompileFeaturesWorkflow(spec: .text(Self.second, name: path), target: target).run(context)
      #expect(text.sql == file.sql && text.features == file.features && text.tables == file.tables)
      #expect(text.features.map(\.name) == ["spend", "purchases"] && text.spec == path)
      // Another name changes the comments only.
      let named = try CompileFeaturesWorkflow(spec: .text(Self.second, name: "spec"), target: target).run(context)
      #expect(named.sql != file.sql && named.sql.contains("Wide table of spec"))
      #expect(
        named.sql.replacingOccurrences(of: "spec", with: path) == file.sql.replacingOccurrences(of: "spec", with: path))
    }
  }

  @Test("without a spec, the one stored with the period: the latest by default, or the one named")
  func storedSpec() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let latest = try CompileFeaturesWorkflow(spec: nil, target: .duckdb).run(context)
    #expect(latest.features.map(\.name) == ["spend", "purchases"] && latest.spec == "period P2's spec")
    let same = try CompileFeaturesWorkflow(spec: .text(Self.second, name: "period P2's spec"), target: .duckdb)
      .run(context)
    #expect(latest.sql == same.sql)
    let first = try CompileFeaturesWorkflow(spec: nil, period: "P1", target: .postgres).run(context)
    #expect(first.features.map(\.name) == ["spend"] && first.sql.contains("2024-03-01"))

    let unknown = #expect(throws: SegmentaError.self) {
      try CompileFeaturesWorkflow(spec: nil, period: "P9", target: .duckdb).run(context)
    }
    #expect(unknown?.code == .notFound && unknown?.message.contains("P1, P2") == true, "\(String(describing: unknown))")
    let both = #expect(throws: SegmentaError.self) {
      try CompileFeaturesWorkflow(spec: .text(Self.first, name: "spec"), period: "P1", target: .duckdb).run(context)
    }
    #expect(both?.code == .invalidRequest && both?.field == "period")
    let none = #expect(throws: SegmentaError.self) {
      try CompileFeaturesWorkflow(spec: nil, target: .duckdb).run(try makeContext())
    }
    #expect(none?.code == .missingPrerequisite, "\(String(describing: none))")
  }

  @Test("a mistake in a text spec is located by the text's name, line and column; an oversized one is refused")
  func textErrors() throws {
    let context = try makeContext()
    let bad = Self.second.replacingOccurrences(of: "aggregate: count", with: "aggregate: countt")
    let error = #expect(throws: SegmentaError.self) {
      try CompileFeaturesWorkflow(spec: .text(bad, name: "spec"), target: .duckdb).run(context)
    }
    #expect(error?.code == .invalidSpec && error?.file == "spec" && error?.line == 7, "\(String(describing: error))")
    #expect(error?.description.hasPrefix("spec:7:") == true, "\(String(describing: error?.description))")
    let huge = Self.second + "#" + String(repeating: "x", count: SpecFile.maximumBytes)
    let large = #expect(throws: SegmentaError.self) {
      try CompileFeaturesWorkflow(spec: .text(huge, name: "spec"), target: .duckdb).run(context)
    }
    #expect(large?.code == .invalidSpec && large?.message.contains("at most 1024 KiB") == true)
  }
}
