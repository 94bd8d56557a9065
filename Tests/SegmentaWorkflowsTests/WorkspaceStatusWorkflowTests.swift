import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@Suite("Workspace status: what the workspace holds, campaigns only as the user may see them")
struct WorkspaceStatusWorkflowTests {
  @Test("a segmented workspace reports its customers, columns, period, segmentation, tag and campaign")
  func segmented() throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory)
    let status = try WorkspaceStatusWorkflow().run(context)
    #expect(status.customers == 90)
    #expect(status.columns.map(\.name) == ["calls", "sms", "data", "city", "phone", "email", "sms_opt_out"])
    #expect(status.columns.filter(\.personal).map(\.name) == ["phone", "email"])
    #expect(status.columns.first { $0.name == "calls" }?.type == .decimal)
    #expect(status.periods.map(\.label) == ["P1"])
    let segmentation = try #require(status.segmentations.first)
    #expect(status.segmentations.count == 1 && segmentation.name == "usage" && segmentation.version == 1)
    #expect(segmentation.versions == 1 && segmentation.customers == 90 && segmentation.segments == 3)
    #expect(segmentation.period == "P1" && !segmentation.createdAt.isEmpty)
    #expect(status.tags.defined == 1 && status.tags.applied == 1)
    #expect(status.products == 0 && status.campaigns == 1 && status.users == 0)
  }

  @Test("a campaign manager counts only their own campaigns; an empty workspace reports zeros")
  func visibility() throws {
    let directory = TemporaryDirectory()
    var context = try makeSegmentedContext(directory)
    context.role = .campaign
    context.user = "someone-else"
    #expect(try WorkspaceStatusWorkflow().run(context).campaigns == 0)
    context.user = "tester"
    #expect(try WorkspaceStatusWorkflow().run(context).campaigns == 1)

    let empty = try WorkspaceStatusWorkflow().run(makeContext())
    #expect(empty.customers == 0 && empty.columns.isEmpty && empty.periods.isEmpty && empty.segmentations.isEmpty)
    #expect(empty.tags.defined == 0 && empty.tags.applied == 0 && empty.campaigns == 0)
  }
}
