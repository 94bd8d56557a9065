import Testing

@testable import SegmentaCore

@Suite("Rule parsing")
struct RuleParserTests {
  @Test(
    "syntax errors point at the problem and say what was expected",
    arguments: [
      ("arpu >", 6, "ends too early"), ("arpu > > 3", 7, "expected a value"), ("(arpu > 3", 9, "')'"),
      ("arpu > 3)", 8, "expected 'and', 'or'"), ("arpu between 1 or 2", 15, "expected 'and' between"),
      ("city in [\"a\",]", 13, "expected a value"), ("city in []", 9, "empty"), ("arpu is nothing", 8, "'missing'"),
      ("\"open", 0, "not closed"), ("", 0, "empty"), ("foo(1)", 0, "unknown function"), ("arpu >= 3 3", 10, "expected"),
      ("12abc > 1", 2, "cannot run into a name"), ("arpu ! 3", 5, "'not'"), ("city = 'x'", 7, "double quotes"),
    ])
  func syntaxErrors(_ rule: String, _ position: Int, _ words: String) {
    let error = ruleError(rule)
    #expect(error?.kind == .syntax, "\(rule)")
    #expect(error?.position == position, "\(rule): \(error?.description ?? "no error")")
    #expect(error?.message.contains(words) == true, "\(rule): \(error?.message ?? "no error")")
  }

  @Test(
    "injection attempts are ordinary syntax errors",
    arguments: [
      "x\" OR 1=1--", "${jndi:ldap://evil/a}", "script::Runtime", "a); DROP TABLE customers",
      "arpu > 1; DELETE FROM customer", "arpu > 1 /* x */", "{{7*7}}", "__import__('os')", "arpu > 1 || true",
      "arpu > 1 && true", "@@version", "arpu > 1 # x", "load_file(\"/etc/passwd\")", "\"\\x41\"", "arpu > 0x10",
      "arpu > 1 -- comment", "`; rm -rf /`",
    ])
  func injections(_ rule: String) {
    let error = ruleError(rule)
    // `--` reads as two minus signs and a quoted name is only a name: both fail as unknown fields.
    let expected: RuleError.Kind = rule.hasPrefix("arpu > 1 --") || rule.hasPrefix("`") ? .unknownName : .syntax
    #expect(error?.kind == expected, "\(rule): \(error?.description ?? "no error")")
  }

  @Test("rules over 10,000 nodes or nested deeper than 100 are refused")
  func limits() {
    let wide = (0..<5_001).map { _ in "arpu > 1" }.joined(separator: " or ")
    #expect(ruleError(wide)?.kind == .tooLarge)
    let fits = (0..<3_000).map { _ in "arpu > 1" }.joined(separator: " or ")
    #expect(ruleError(fits) == nil)
    #expect(
      ruleError(String(repeating: "(", count: 101) + "arpu > 1" + String(repeating: ")", count: 101))?.kind == .tooLarge
    )
    #expect(ruleError(String(repeating: "(", count: 99) + "arpu > 1" + String(repeating: ")", count: 99)) == nil)
    #expect(ruleError(String(repeating: "not ", count: 101) + "arpu > 1")?.kind == .tooLarge)
    #expect(ruleError("arpu" + String(repeating: " + 1", count: 101) + " > 1")?.kind == .tooLarge)
    #expect(ruleError(String(repeating: "-", count: 200) + "arpu > 1")?.kind == .tooLarge)
  }
}
