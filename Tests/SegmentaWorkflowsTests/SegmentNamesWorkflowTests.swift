import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@Suite("Segment names: the analyst's where given, else the automatic ones")
struct SegmentNamesWorkflowTests {
  @Test("a renamed segment shows its new names and is listed as renamed; the others keep theirs")
  func renamed() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let before = try SegmentNamesWorkflow(name: "usage").run(context)
    #expect(before.segmentation == "usage" && before.version == 1 && before.names.count == 3 && before.renamed.isEmpty)
    _ = try RenameSegmentWorkflow(name: "usage", segment: 2, label: "甲组 / Alpha").run(context)
    let after = try SegmentNamesWorkflow(name: "usage", version: 1).run(context)
    #expect(after.names[1] == FeatureLabel(zh: "甲组", en: "Alpha"))
    #expect(after.renamed == [2])
    #expect(after.names[0] == before.names[0] && after.names[2] == before.names[2])
  }

  @Test("an unknown segmentation or version is not found")
  func unknown() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    for workflow in [SegmentNamesWorkflow(name: "nothing"), SegmentNamesWorkflow(name: "usage", version: 9)] {
      do {
        _ = try workflow.run(context)
        Issue.record("\(workflow.name) v\(workflow.version ?? 0) was found")
      } catch {
        #expect(error.code == .notFound)
      }
    }
  }
}
