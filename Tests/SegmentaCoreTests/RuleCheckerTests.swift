import Testing

@testable import SegmentaCore

@Suite("Rule checking")
struct RuleCheckerTests {
  @Test(
    "unknown names and type mismatches",
    arguments: [
      ("arpuu > 1", RuleError.Kind.unknownName, 0, "did you mean 'arpu'"),
      ("segment(usag) = 1", .unknownName, 0, "did you mean 'usage'"),
      ("segment(usage) = 9", .unknownName, 17, "no segment 9"),
      ("segment(usage) = \"C9\"", .unknownName, 17, "no segment named"),
      ("tag(\"stock\") ", .unknownName, 0, "unknown tag"),
      ("city > \"a\"", .type, 5, "= or != only"), ("arpu = \"x\"", .type, 5, "cannot compare a number with text"),
      ("arpu + city > 1", .type, 7, "applies to numbers"), ("arpu", .type, 0, "must be a condition"),
      ("arpu > 1 and minutes", .type, 13, "'and' joins conditions"), ("not arpu", .type, 4, "'not' applies"),
      ("start_date > \"soon\"", .type, 13, "YYYY-MM-DD"), ("city between 1 and 2", .type, 0, "'between' applies"),
      ("arpu in [\"a\"]", .type, 9, "numbers"), ("at_least(3, arpu > 1, minutes > 1)", .type, 0, "never hold"),
      ("segment(usage) > 1", .type, 15, "= or != only"), ("-city = 1", .type, 1, "'-' applies"),
    ])
  func namesAndTypes(_ rule: String, _ kind: RuleError.Kind, _ position: Int, _ words: String) {
    let error = ruleError(rule)
    #expect(error?.kind == kind, "\(rule): \(error?.description ?? "no error")")
    #expect(error?.position == position, "\(rule): \(error?.description ?? "no error")")
    #expect(error?.message.contains(words) == true, "\(rule): \(error?.message ?? "no error")")
  }
}
