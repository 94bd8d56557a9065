import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Demo: the whole loop on generated data, in process")
struct DemoWorkflowTests {
  @Test("the demo recovers the planted groups, writes its files and refuses a workspace it did not create")
  func demo() throws {
    let directory = TemporaryDirectory()
    let folder = directory.file("demo")
    let progress = RecordingProgress()
    let context = WorkflowContext(workspacePath: "", progress: progress, user: "tester")
    let output = try DemoWorkflow(customers: 1_500, seed: 3, folder: folder).run(context)
    #expect(output.customers == 1_500 && output.groupSizes.values.reduce(0, +) == 1_500)
    #expect(output.segmentation.segments == 8 && output.segmentation.sizes.reduce(0, +) == 1_500)
    #expect(output.adjustedRandIndex > 0.8)
    #expect(output.imported?.inserted == 1_500 && output.wideTable.period.label == "2024Q1")
    #expect(!output.tags.isEmpty && output.recommendations.recommended > 0)
    #expect(output.campaign?.export.user == "demo")
    for file in output.files { #expect(FileManager.default.fileExists(atPath: file), "\(file)") }
    let steps = Set(progress.recorded.map(\.step))
    #expect(steps.contains("generating demo data") && steps.contains("segmenting"))

    // The same seed gives the same segments; the previous demo workspace is replaced.
    let again = try DemoWorkflow(customers: 1_500, seed: 3, folder: folder).run(context)
    #expect(again.segmentation.inertia == output.segmentation.inertia && again.segmentation.version == 1)

    let other = directory.file("other.db")
    _ = try Workspace.create(at: other)
    let refused = #expect(throws: SegmentaError.self) {
      try DemoWorkflow(customers: 100, seed: 3, folder: folder, workspacePath: other).run(context)
    }
    #expect(refused?.code == .conflict)
    #expect(try Workspace.open(at: other).info("created_by") != nil)
  }
}
