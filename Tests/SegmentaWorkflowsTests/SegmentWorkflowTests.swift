import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Segment: fit, name, store and report without reloading")
struct SegmentWorkflowTests {
  static func segment(_ context: WorkflowContext, name: String = "usage", k: Int? = 3) throws -> SegmentWorkflow.Output
  {
    var options = SegmentationOptions(seed: 5)
    options.k = k
    options.kRange = 2...5
    return try SegmentWorkflow(name: name, features: .named(["calls", "sms", "data"]), options: options).run(context)
  }

  @Test("the planted groups are found; the output's names are the stored display names; versions count up")
  func segments() throws {
    let directory = TemporaryDirectory()
    let progress = RecordingProgress()
    let context = WorkflowContext(workspace: try Workspace.inMemory(), progress: progress, user: "tester")
    try importCSV(plantedCustomersCSV(count: 300), into: context, directory: directory)
    let first = try Self.segment(context)
    #expect(first.version == 1 && first.k == 3 && first.segments == 3 && first.customers == 300)
    #expect(first.sizes == [100, 100, 100] && first.period == nil)
    #expect(first.silhouette > 0.9 && first.rating == .good)
    let stored = try store(context).segmentation(named: "usage")
    #expect(first.names == stored.displayNames)
    #expect(first.names.count == 3 && Set(first.names.map(\.en)).count == 3)
    // Each planted group is one segment.
    let ids = try store(context).customerIDs(keys: stored.customerKeys)
    for (row, id) in ids.enumerated() {
      let group = (Int(id.dropFirst()) ?? 0) % 3
      let peer = ids.indices.first { (Int(ids[$0].dropFirst()) ?? 0) % 3 == group } ?? 0
      #expect(stored.groups[row] == stored.groups[peer])
    }
    let stages = progress.recorded.filter { $0.step == "segmenting" }.map(\.detail)
    #expect(stages.first == "loading features" && stages.suffix(2) == ["naming segments", "saving"])

    let again = try Self.segment(context)
    #expect(again.version == 2 && again.inertia == first.inertia && again.names == first.names)
    let automatic = try Self.segment(context, name: "auto", k: nil)
    #expect(automatic.k == 3 && automatic.kTable.map(\.k) == [2, 3, 4, 5])
  }

  @Test("bad requests fail with a code: a name with spaces, an unknown feature, no customers")
  func refusals() throws {
    let empty = try makeContext()
    #expect(try #require(#expect(throws: SegmentaError.self) { try Self.segment(empty) }).code == .missingPrerequisite)
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(plantedCustomersCSV(count: 30), into: context, directory: directory)
    let named = #expect(throws: SegmentaError.self) { try Self.segment(context, name: "two words") }
    #expect(named?.code == .invalidRequest && named?.message.hasPrefix("a segmentation name must be one word") == true)
    let unknown = #expect(throws: SegmentaError.self) {
      try SegmentWorkflow(name: "x", features: .named(["calls", "nope"]), options: SegmentationOptions()).run(context)
    }
    #expect(unknown?.code == .notFound)
    #expect(
      unknown?.message.hasPrefix("'nope' is neither a feature of period (none) nor a numeric customer column") == true)
    let twice = #expect(throws: SegmentaError.self) {
      try SegmentWorkflow(name: "x", features: .named(["calls", "calls"]), options: SegmentationOptions()).run(context)
    }
    #expect(twice?.code == .invalidRequest)
    #expect(try store(context).segmentations().isEmpty)
  }

  @Test("rename sets one language or both, and the name is found by rules")
  func rename() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(plantedCustomersCSV(count: 60), into: context, directory: directory)
    let segmented = try Self.segment(context)
    let both = try RenameSegmentWorkflow(name: "usage", segment: 2, label: " 商务客户 ").run(context)
    #expect(both.name == FeatureLabel(zh: "商务客户", en: "商务客户") && both.version == 1)
    let english = try RenameSegmentWorkflow(name: "usage", segment: 2, label: "Business", language: .en).run(context)
    #expect(english.name == FeatureLabel(zh: "商务客户", en: "Business"))
    let chinese = try RenameSegmentWorkflow(name: "usage", segment: 1, label: "大客户", language: .zh).run(context)
    #expect(chinese.name == FeatureLabel(zh: "大客户", en: segmented.names[0].en))
    let check = try CheckRuleWorkflow(rule: "segment(usage) = \"Business\"", count: true).run(context)
    #expect(check.valid && check.matches == segmented.sizes[1])
    let missing = #expect(throws: SegmentaError.self) {
      try RenameSegmentWorkflow(name: "usage", segment: 9, label: "x").run(context)
    }
    #expect(missing?.code == .notFound && missing?.message == "segmentation 'usage' has segments 1 to 3, not 9")
    let empty = #expect(throws: SegmentaError.self) {
      try RenameSegmentWorkflow(name: "usage", segment: 1, label: "  ").run(context)
    }
    #expect(empty?.code == .invalidRequest)
  }
}
