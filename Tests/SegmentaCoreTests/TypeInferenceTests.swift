import Testing

@testable import SegmentaCore

@Suite("Type inference")
struct TypeInferenceTests {
  func infer(_ values: [String]) -> ColumnType {
    var inference = TypeInference()
    for value in values { ValueParser.withBytes(of: value) { inference.observe($0) } }
    return inference.inferredType
  }

  @Test("each type is inferred from its values")
  func eachType() {
    #expect(infer(["1", "2", "", "-3"]) == .integer)
    #expect(infer(["1", "2.5", "NA"]) == .decimal)
    #expect(infer(["yes", "no", "Y"]) == .boolean)
    #expect(infer(["2024-01-01", "2023-12-31", ""]) == .date)
    #expect(infer(["20240101", "19991231"]) == .date)
    #expect(infer(["2024-01-01 10:00:00", "2024-01-02"]) == .timestamp)
    #expect(infer(["北京", "上海"]) == .text)
    #expect(infer(["", "NA"]) == .text)
  }

  @Test("the narrowest type holding every value wins")
  func widening() {
    #expect(infer(["1", "2", "x"]) == .text)
    #expect(infer(["20240101", "12"]) == .integer)
    #expect(infer(["20240101", "20241301"]) == .integer)
    #expect(infer(["18991231", "20240101"]) == .integer)
    #expect(infer(["yes", "1"]) == .text)
    #expect(infer(["2024-01-01", "3"]) == .text)
  }

  @Test("digits with a leading zero are codes, not numbers")
  func leadingZeros() {
    #expect(infer(["0571", "010"]) == .text)
    #expect(infer(["0", "10", "0.5", "-0.25"]) == .decimal)
    #expect(infer(["0", "7"]) == .integer)
    #expect(infer(["12", "007"]) == .text)
  }
}
