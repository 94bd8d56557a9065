import Testing

@testable import SegmentaCore

@Suite("Segmenta errors: stable codes, located messages, conversions")
struct SegmentaErrorTests {
  static let located: [(error: SegmentaError, description: String)] = [
    (
      SegmentaError(.invalidData, "expected a number", file: "c.csv", line: 3, column: 2, field: "age"),
      "c.csv:3: column 2 'age': expected a number"
    ),
    (SegmentaError(.invalidData, "the file is empty", file: "c.csv"), "c.csv: the file is empty"),
    (SegmentaError(.invalidData, "ragged", file: "c.csv", line: 4), "c.csv:4: ragged"),
    (SegmentaError(.invalidSpec, "unknown key 'x'", file: "s.yaml", line: 3, column: 5), "s.yaml:3:5: unknown key 'x'"),
    (SegmentaError(.invalidSpec, "bad", file: "s.yaml"), "s.yaml: bad"),
    (SegmentaError(.notFound, "no workspace at 'w.db'", file: "w.db"), "no workspace at 'w.db'"),
    (
      SegmentaError(.database, "workspace database error: disk I/O error", sqliteCode: 10),
      "workspace database error: disk I/O error"
    ),
  ]

  @Test(
    "data and spec errors carry their location in the text; other codes keep the file as context", arguments: located)
  func descriptions(error: SegmentaError, description: String) {
    #expect(error.description == description)
  }

  @Test("lower-layer errors convert to one code each, keeping their context")
  func conversions() {
    let data = SegmentaError(DataFileError(file: "c.csv", line: 2, column: 1, columnName: "id", message: "empty"))
    #expect(data.code == .invalidData && data.field == "id" && data.description == "c.csv:2: column 1 'id': empty")
    let rule = SegmentaError(RuleError(.unknownName, at: 4, "unknown field 'x'", rule: "a > x"))
    #expect(rule.code == .invalidRule && rule.position == 4)
    #expect(rule.message == "rule column 5: unknown field 'x'\n  a > x\n      ^")
    #expect(SegmentaError(EvaluationError.emptyArm("control")).code == .insufficientData)
    #expect(SegmentaError(EvaluationError.confidence(2)).code == .invalidRequest)
    #expect(SegmentaError(WideTableSpecError(feature: "f", "needs a date")).description == "feature 'f': needs a date")
    struct Unexpected: Error {}
    #expect(SegmentaError(Unexpected()).code == .internal)
    let same = SegmentaError(.conflict, "exists")
    #expect(SegmentaError(same) == same)
  }

  @Test("catching turns any error into a Segmenta error; prefixed adds to the message only")
  func catchingAndPrefix() {
    let error = #expect(throws: SegmentaError.self) {
      try SegmentaError.catching { throw DataFileError(file: "f.csv", line: 1, message: "bad") }
    }
    #expect(error?.code == .invalidData)
    let prefixed = SegmentaError(.invalidRule, "the rule of tag 't' …", field: "t").prefixed("tags.yaml: ")
    #expect(prefixed.message == "tags.yaml: the rule of tag 't' …" && prefixed.field == "t")
    #expect(SegmentaError.Code.allCases.map(\.rawValue).allSatisfy { !$0.isEmpty && $0 == $0.lowercased() })
  }
}
