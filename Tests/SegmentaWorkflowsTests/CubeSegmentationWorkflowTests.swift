import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import Testing

@testable import SegmentaStore
@testable import SegmentaWorkflows

@Suite("Cube segmentation, refresh and the attractiveness × capability assessment over a workspace")
struct CubeSegmentationWorkflowTests {
  /// Nine firms: production/high ×4 (spend 100, 200, 300, 400), retail/low ×3 (10, 20, 30), retail/high ×1
  /// (50) and one firm without an IT level (60).
  static func context(_ directory: TemporaryDirectory) throws -> WorkflowContext {
    let context = try makeContext()
    try importCSV(
      """
      customer_id,industry,it_level,region,spend,online
      A,production,high,east,100,0.5
      B,production,high,east,200,0.25
      C,production,high,west,300,0.5
      D,production,high,east,400,0.75
      E,wholesale_retail,low,west,10,0.1
      F,wholesale_retail,low,west,20,0.2
      G,wholesale_retail,low,east,30,0.3
      H,wholesale_retail,high,east,50,0.4
      I,production,,east,60,0.6

      """, into: context, directory: directory)
    return context
  }

  static func cube(_ name: String, minSize: Int?, _ context: WorkflowContext) throws -> SegmentWorkflow.Output {
    var request = SegmentRequest(name: name)
    request.method = "cube"
    request.dimensions = "industry, it_level"
    request.minSize = minSize
    return try request.workflow().run(context)
  }

  @Test("cells of at least --min-size by size, the rest folded; each cell's size, share and KPI means")
  func cells() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let output = try Self.cube("firms", minSize: 2, context)
    let cube = try #require(output.cube)
    #expect(output.method == "cube" && output.segments == 3 && output.sizes == [4, 3, 2])
    #expect(cube.cells.map(\.values) == [["production", "high"], ["wholesale_retail", "low"], []])
    #expect(cube.cells.map(\.other) == [false, false, true] && cube.foldedCells == 2 && cube.foldedCustomers == 2)
    #expect(
      cube.cells[0].kpis["spend"] == 250 && cube.cells[1].kpis["spend"] == 20 && cube.cells[2].kpis["spend"] == 55)
    #expect(abs(cube.cells[0].share - 4.0 / 9) < 1e-12)
    #expect(cube.cells[0].name == FeatureLabel(zh: "生产制造 · 高", en: "production · high IT"))
    // Rules read the cells by name; the profile report lists them.
    let stored = try store(context).segmentation(named: "firms")
    #expect(stored.model.method == "cube" && stored.model.cube?.minimumSize == 2)
    let rule = try CheckRuleWorkflow(rule: #"segment(firms) = "批发零售 · 低 / wholesale/retail · low IT""#, count: true)
      .run(context)
    #expect(rule.matches == 3)
    let html = try ProfileWorkflow(name: "firms", format: .html).run(context).text
    #expect(html.contains("Cube cells") && html.contains("2 cells with fewer than 2 customers"))
  }

  @Test("over a wide table, a customer column copied into it is one KPI, read from the table")
  func wideTable() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let spec = directory.write(
      "features.yaml",
      "version: 1\nreference_date: 2024-04-01\nfeatures:\n  - name: spend\n    customer: spend\n"
        + "  - name: events\n    aggregate: count\n")
    let events = directory.write(
      "events.csv", "customer_id,timestamp,event_type\nA,2024-03-01,x\nA,2024-03-02,x\nE,2024-03-02,x\n")
    _ = try BuildFeaturesWorkflow(specPath: spec, eventPaths: [events], period: "2024Q1").run(context)
    let cube = try #require(try Self.cube("firms", minSize: 2, context).cube)
    #expect(cube.cells[0].kpis["spend"] == 250 && cube.cells[1].kpis["spend"] == 20)
    #expect(Set(cube.cells[0].kpis.keys) == ["spend", "events", "online"])
  }

  @Test("the default minimum is 1 % of the customers, so with nine every cell is its own segment")
  func defaultMinimum() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    let cube = try #require(try Self.cube("all", minSize: nil, context).cube)
    #expect(cube.minimumSize == 1 && cube.foldedCells == 0)
    #expect(cube.cells.map(\.customers) == [4, 3, 1, 1])
    // Equal sizes by their values: production before wholesale_retail.
    #expect(cube.cells[2].values == ["production", nil] && cube.cells[2].name.en == "production · unknown")
  }

  @Test("bad requests are refused naming the field")
  func refused() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    func message(_ dimensions: String?, _ method: String = "cube", minSize: Int? = nil) -> String {
      var request = SegmentRequest(name: "x")
      request.method = method
      request.dimensions = dimensions
      request.minSize = minSize
      do {
        _ = try request.workflow().run(context)
        return "no error"
      } catch { return error.message }
    }
    #expect(message(nil).hasPrefix("dimensions takes the columns to cross"))
    #expect(message("online").contains("holds decimal values"))
    #expect(message("nope").hasPrefix("'nope' is neither a customer column nor a feature with categories"))
    #expect(message("industry", minSize: 0).hasPrefix("min-size must be at least 1"))
    #expect(message("industry", "kmeans").hasPrefix("dimensions and min-size apply to method cube"))
    #expect(message("industry", minSize: 10).contains("no cell holds 10 customers"))
  }

  @Test("refresh re-assigns by the stored cells: a new cell goes to 'other', or is refused without one")
  func refresh() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    _ = try Self.cube("firms", minSize: 2, context)
    _ = try Self.cube("exact", minSize: 1, context)
    try importCSV(
      "customer_id,industry,it_level,region,spend,online\nJ,logistics,low,east,70,0.7\n", into: context,
      directory: directory,
      name: "more.csv")
    let refreshed = try RefreshSegmentationWorkflow(name: "firms").run(context)
    #expect(refreshed.sizes == [4, 3, 3] && refreshed.migration.entries == 1)
    #expect(refreshed.meanSquaredDistance.isNaN)
    #expect(throws: SegmentaError.self) { try RefreshSegmentationWorkflow(name: "exact").run(context) }
    do {
      _ = try RefreshSegmentationWorkflow(name: "exact").run(context)
    } catch {
      #expect(error.message.hasPrefix("1 customers fall in cells that version 1 of 'exact' does not have"))
    }
  }

  @Test("assess: criteria from the segments' KPIs, capabilities from each customer's value, stored and drawn")
  func assess() throws {
    let directory = TemporaryDirectory()
    let context = try Self.context(directory)
    _ = try Self.cube("firms", minSize: 2, context)
    let spec = directory.write(
      "matrix.yaml",
      bytes: Array(
        """
        attractiveness:
          - {label: Size, size: customers, weight: 1, linear: {min: 0, max: 4}}
          - {label: Spend, mean: spend, weight: 3, linear: {min: 0, max: 250}}
        capabilities:
          sales: {by: industry, scores: {production: 2, wholesale_retail: 0}, default: 1}
          delivery: {by: region, scores: {east: 2, west: 1}}
        quadrants: {attractiveness: 5, fit: 1.5}
        """.utf8))
    let out = directory.path + "/matrix.svg"
    let output = try AssessSegmentsWorkflow(name: "firms", spec: .file(spec), out: out).run(context)
    let rows = output.assessment.rows
    // production/high: size 4 → 10, spend 250 → 10: 10; sales 2, delivery (2 + 2 + 1 + 2) / 4 = 1.75: fit 1.875.
    // wholesale/low: 3 → 7.5, 20 → 0.8: (7.5 + 2.4) / 4 = 2.475; sales 0, delivery (1 + 1 + 2) / 3: fit 2/3.
    // other (H retail/east 50, I production/east 60): 2 → 5, 55 → 2.2: (5 + 6.6) / 4 = 2.9; sales 1, delivery 2.
    #expect(rows.map(\.segment) == [1, 3, 2])
    #expect(abs((rows[0].attractiveness ?? 0) - 10) < 1e-12 && abs(rows[0].fit - 1.875) < 1e-12)
    #expect(abs((rows[1].attractiveness ?? 0) - 2.9) < 1e-12 && abs(rows[1].fit - 1.5) < 1e-12)
    #expect(abs((rows[2].attractiveness ?? 0) - 2.475) < 1e-12 && abs(rows[2].fit - 2.0 / 3) < 1e-12)
    #expect(rows.map(\.quadrant) == [.target, .opportunistic, .avoid])
    let svg = try String(contentsOfFile: out, encoding: .utf8)
    #expect(svg.hasPrefix("<svg") && svg.components(separatedBy: "<circle").count == 4)
    let kept = try StoredAssessmentWorkflow(name: "firms").run(context)
    #expect(kept.assessment == output.assessment)
    let html = try ProfileWorkflow(name: "firms", format: .html).run(context).text
    #expect(html.contains("Attractiveness × capability fit") && html.contains("assessment-matrix"))
    // A capability read from a decimal column is refused, naming the capability.
    let bad = directory.write(
      "bad.yaml",
      bytes: Array(
        "attractiveness:\n  - {label: S, size: share, linear: {min: 0, max: 1}}\ncapabilities:\n  sales: {by: online}\n"
          .utf8))
    do {
      _ = try AssessSegmentsWorkflow(name: "firms", spec: .file(bad)).run(context)
      Issue.record("a decimal column scores no capability")
    } catch {
      #expect(error.message.hasPrefix("capability 'sales' is scored by 'online'"))
    }
  }

  @Test("demo --b2b is deterministic for a seed: the same files, cells and ranking")
  func b2bDemo() throws {
    let first = TemporaryDirectory()
    let second = TemporaryDirectory()
    let context = WorkflowContext(workspacePath: "")
    let a = try B2BDemoWorkflow(firms: 400, seed: 7, folder: first.path + "/demo").run(context)
    let b = try B2BDemoWorkflow(firms: 400, seed: 7, folder: second.path + "/demo").run(context)
    #expect(a.segmentation.cube == b.segmentation.cube && a.assessment.assessment == b.assessment.assessment)
    for name in ["firms.csv", "usage.csv", "matrix.svg"] {
      let x = FileManager.default.contents(atPath: first.path + "/demo/" + name)
      #expect(x != nil && x == FileManager.default.contents(atPath: second.path + "/demo/" + name), "\(name)")
    }
    #expect(a.firms == 400 && a.segmentation.cube?.dimensions == DemoSpecs.b2bDimensions)
    #expect(a.segmentation.sizes.reduce(0, +) == 400 && a.assessment.assessment.rows.count == a.segmentation.segments)
    let other = try B2BDemoWorkflow(firms: 400, seed: 8, folder: first.path + "/other").run(context)
    #expect(other.segmentation.sizes != a.segmentation.sizes || other.events != a.events)
  }
}
