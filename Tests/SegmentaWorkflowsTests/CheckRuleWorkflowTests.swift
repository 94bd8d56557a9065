import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@Suite("Rule check: valid rules counted, invalid ones answered with where and why")
struct CheckRuleWorkflowTests {
  @Test("a valid rule lists what it reads and counts matches and unknowns")
  func valid() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(TagFixtures.customersCSV, into: context, directory: directory)
    // C's arpu is missing, but C is in Beijing: unknown or true is true.
    let output = try CheckRuleWorkflow(rule: "arpu > 100 or city = \"北京\"", count: true).run(context)
    #expect(output.valid && output.error == nil)
    #expect(output.fields == ["arpu", "city"] && output.segmentations == [] && output.tags == [])
    #expect(output.matches == 5 && output.unknown == 0 && output.customers == 5)
    let unknown = try CheckRuleWorkflow(rule: "arpu > 100", count: true).run(context)
    #expect(unknown.matches == 2 && unknown.unknown == 1)
    let uncounted = try CheckRuleWorkflow(rule: "arpu > 100").run(context)
    #expect(uncounted.valid && uncounted.matches == nil)
  }

  @Test("an invalid rule is an answer with its kind, position and caret, not a failure")
  func invalid() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(TagFixtures.customersCSV, into: context, directory: directory)
    let output = try CheckRuleWorkflow(rule: "arpuu > 1", count: true).run(context)
    #expect(!output.valid && output.matches == nil)
    let problem = try #require(output.error)
    #expect(problem.kind == "unknown_name" && problem.position == 0)
    #expect(problem.display == "column 1: unknown field 'arpuu'; did you mean 'arpu'?\n  arpuu > 1\n  ^")
  }
}
