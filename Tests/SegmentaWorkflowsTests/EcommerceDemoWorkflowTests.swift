import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@Suite("E-commerce demo: browsing data, two periods, e-mail lists against what was planted")
struct EcommerceDemoWorkflowTests {
  @Test("every list and the VIP tag hold exactly the planted customers, and a seed gives the same data")
  func demo() throws {
    let directory = TemporaryDirectory()
    let folder = directory.file("shop")
    let context = WorkflowContext(workspacePath: "", progress: RecordingProgress(), user: "tester")
    let output = try EcommerceDemoWorkflow(customers: 3_000, seed: 5, folder: folder).run(context)
    #expect(output.periods.map(\.period.label) == ["2024Q1", "2024Q2"])
    #expect(output.lists.count == 27)
    for list in output.lists { #expect(list.customers == list.planted, "\(list.tag)") }
    let listed = output.lists.reduce(0) { $0 + $1.customers }
    // About 5 % view nothing in the second quarter and are on no list.
    #expect(listed > 2_700 && listed < 3_000)
    #expect(output.shifts == output.plantedShifts)
    #expect(Double(output.plantedShifts) / 3_000 > 0.12 && Double(output.plantedShifts) / 3_000 < 0.17)
    #expect(output.vips == output.plantedVips && output.vips > 0 && output.vips < output.shifts)
    for file in output.files { #expect(FileManager.default.fileExists(atPath: file), "\(file)") }

    let views = try String(
      contentsOfFile: (folder as NSString).appendingPathComponent("views-2024q1.csv"), encoding: .utf8)
    let again = try EcommerceDemoWorkflow(customers: 3_000, seed: 5, folder: folder).run(context)
    #expect(again.lists == output.lists && again.views == output.views && again.vips == output.vips)
    #expect(
      try String(contentsOfFile: (folder as NSString).appendingPathComponent("views-2024q1.csv"), encoding: .utf8)
        == views)
    let other = try EcommerceDemoWorkflow(customers: 3_000, seed: 6, folder: directory.file("other")).run(context)
    #expect(other.views != output.views)
  }
}
