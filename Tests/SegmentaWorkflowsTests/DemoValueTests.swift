import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Demo: value analysis of the generated top-ups")
struct DemoValueTests {
  @Test("the demo writes topups.csv, stores the value table, the value tiers and CLV, and the 80/20 line")
  func value() throws {
    let directory = TemporaryDirectory()
    let folder = directory.file("demo")
    let context = WorkflowContext(workspacePath: "", progress: SilentProgress(), user: "tester")
    let output = try DemoWorkflow(customers: 1_200, seed: 5, folder: folder).run(context)
    let value = output.value
    #expect(output.files.contains(value.file) && FileManager.default.fileExists(atPath: value.file))
    #expect(value.build.table.customers == 1_200 && value.build.table.unknownCustomerRows == 0)
    let rows = try String(contentsOfFile: value.file, encoding: .utf8).split(separator: "\n").count - 1
    #expect(value.build.table.transactionsRead == rows)
    let top = try #require(value.pareto.analysis.topFifthShare)
    #expect(top > 0.5 && top < 0.9)
    #expect(value.pareto.segmentation == "value_tier" && value.topTierCustomers == value.pareto.tiers[0].customers)
    #expect(value.clv.bgnbd.converged && value.clv.gammaGamma.q > 1)
    // The top tier's mean CLV is above the mean of every customer.
    let topMean = try #require(value.topTierMeanClv)
    #expect(topMean > value.clv.meanClv && value.clv.meanClv > 0)
    // Recomputed from the stored table and segmentation.
    let store = try Workspace.open(at: output.workspace, for: .read)
    let table = try store.valueTable()
    let tiers = try store.segmentation(named: "value_tier")
    let clv = try #require(table.columns["clv_12m"])
    let high = Set(zip(tiers.customerKeys, tiers.groups).filter { $0.1 == 0 }.map(\.0))
    let values = zip(table.customerKeys, clv).filter { high.contains($0.0) && $0.1.isFinite }.map(\.1)
    #expect(abs(values.reduce(0, +) / Double(values.count) - topMean) < 1e-9 * topMean)
  }
}
