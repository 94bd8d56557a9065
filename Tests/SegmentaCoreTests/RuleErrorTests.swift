import Testing

@testable import SegmentaCore

@Suite("Rule error messages")
struct RuleErrorTests {
  @Test("the caret sits under the problem, wide characters counted twice")
  func caret() throws {
    let error = try #require(ruleError("city = \"北京\" and arpu >"))
    let caret = "  " + String(repeating: " ", count: 24) + "^"
    #expect(
      error.description
        == "column 23: the rule ends too early: expected a value, a field or '('\n  city = \"北京\" and arpu >\n" + caret)
    let unknown = try #require(ruleError("arpu > 1 and 城市 = \"x\""))
    #expect(unknown.kind == .unknownName)
    #expect(unknown.description.hasSuffix("\n  arpu > 1 and 城市 = \"x\"\n               ^"))
  }
}
