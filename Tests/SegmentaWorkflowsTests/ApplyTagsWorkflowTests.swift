import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Apply tags: versions, counts, gained and lost")
struct ApplyTagsWorkflowTests {
  @Test("apply stores versions with counts, coverage, gained and lost; tags read earlier tags")
  func applyVersions() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    let workspace = try store(context)
    try importCSV(TagFixtures.customersCSV, into: context, directory: directory)
    let none = #expect(throws: SegmentaError.self) { try ApplyTagsWorkflow().run(context) }
    #expect(none?.code == .missingPrerequisite)
    func tag(_ name: String, _ rule: String) -> TagDefinition {
      TagDefinition(
        name: name, category: .business, label: FeatureLabel(zh: name, en: name), description: "", rule: rule)
    }
    // `valuable` reads `beijing`, defined after it: apply orders by dependency.
    _ = try DefineTagsWorkflow(
      source: .definitions(
        [tag("valuable", "arpu >= 99 and not tag(beijing)"), tag("beijing", "city = \"北京\"")], source: "t.yaml")
    ).run(context)
    let first = try ApplyTagsWorkflow().run(context)
    #expect(first.customers == 5)
    let valuable = try #require(first.tags.first { $0.name == "valuable" })
    #expect(valuable.count == 2)  // B and D; C's arpu is missing, E is in Beijing
    #expect(valuable.unknown == 0)
    #expect(valuable.version == 1 && valuable.gained == 2 && valuable.lost == 0)
    #expect(abs(valuable.coverage - 0.4) < 1e-12)
    let beijing = try #require(first.tags.first { $0.name == "beijing" })
    #expect(beijing.count == 3)

    _ = try DefineTagsWorkflow(source: .definitions([tag("beijing", "city in [\"北京\", \"上海\"]")], source: "t.yaml"))
      .run(context)
    #expect(try workspace.tags().first { $0.definition.name == "beijing" }?.revision == 2)
    let second = try ApplyTagsWorkflow().run(context)
    let valuable2 = try #require(second.tags.first { $0.name == "valuable" })
    #expect(valuable2.version == 2 && valuable2.count == 1 && valuable2.gained == 0 && valuable2.lost == 1)
    let beijing2 = try #require(second.tags.first { $0.name == "beijing" })
    #expect(beijing2.count == 4 && beijing2.gained == 1 && beijing2.lost == 0)
    // Version 1 stays readable.
    #expect(try workspace.tagMembers("valuable", version: 1).count == 2)
    #expect(try workspace.tagVersions("valuable").map(\.version) == [2, 1])

    // Rules elsewhere read the stored membership.
    let check = try CheckRuleWorkflow(rule: "tag(valuable) or tag(beijing)", count: true).run(context)
    #expect(check.valid && check.matches == 5 && check.tags == ["beijing", "valuable"])
  }
}
