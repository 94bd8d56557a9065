import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Define tags: every rule checked first, cycles refused")
struct DefineTagsWorkflowTests {
  @Test("define checks every rule first and stores nothing when one fails; cycles are refused")
  func defineChecks() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    let workspace = try store(context)
    try importCSV(TagFixtures.customersCSV, into: context, directory: directory)
    let good = TagDefinition(
      name: "young", category: .demographic, label: FeatureLabel(zh: "年轻", en: "Young"), description: "",
      rule: "age < 30")
    let bad = TagDefinition(
      name: "rich", category: .business, label: FeatureLabel(zh: "富", en: "Rich"), description: "", rule: "arpuu > 100")
    let error = #expect(throws: SegmentaError.self) {
      try DefineTagsWorkflow(source: .definitions([good, bad], source: "t.yaml")).run(context)
    }
    #expect(error?.code == .invalidRule && error?.field == "rich" && error?.position == 0)
    #expect(
      error?.description.hasPrefix(
        "t.yaml: the rule of tag 'rich' column 1: unknown field 'arpuu'; did you mean 'arpu'?")
        == true)
    #expect(try workspace.tags().isEmpty)
    let a = TagDefinition(
      name: "a", category: .social, label: FeatureLabel(zh: "a", en: "a"), description: "", rule: "tag(b)")
    let b = TagDefinition(
      name: "b", category: .social, label: FeatureLabel(zh: "b", en: "b"), description: "", rule: "tag(a) or age > 50")
    let cycle = #expect(throws: SegmentaError.self) {
      try DefineTagsWorkflow(source: .definitions([a, b], source: "t.yaml")).run(context)
    }
    #expect(cycle?.description == "t.yaml: tags read each other in a circle: a → b → a")
    #expect(try workspace.tags().isEmpty)
  }
}
