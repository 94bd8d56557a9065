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

  @Test("kept rule data answers later checks and sees every change: another process's and, after clear, its own")
  func cached() throws {
    let directory = TemporaryDirectory()
    let path = directory.file("workspace.db")
    let server = WorkflowContext(workspacePath: path)
    _ = try CreateWorkspaceWorkflow().run(server)
    try importCSV(TagFixtures.customersCSV, into: server, directory: directory)
    let cache = RuleDataCache()
    let check = CheckRuleWorkflow(rule: "arpu > 100", count: true, cache: cache)
    #expect(try check.run(server).matches == 2)
    #expect(try check.run(server).matches == 2)
    #expect(try CheckRuleWorkflow(rule: "city = \"北京\"", count: true, cache: cache).run(server).matches == 3)

    // Another process raises A's ARPU: the next check sees it without being told.
    let other = WorkflowContext(workspacePath: path)
    try importCSV("customer_id,arpu\nA,150\n", into: other, directory: directory, name: "raise.csv")
    #expect(try check.run(server).matches == 3)

    // A change through the same connection is announced with clear().
    try importCSV("customer_id,arpu\nB,10\nD,20\n", into: server, directory: directory, name: "lower.csv")
    cache.clear()
    #expect(try check.run(server).matches == 1)
  }
}
