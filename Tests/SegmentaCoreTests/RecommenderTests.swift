import Testing

@testable import SegmentaCore

@Suite("Product recommendations")
struct RecommenderTests {
  @Test("rule strength: the share of the top-level conditions that hold; ranking by priority then strength")
  func strengthAndRanking() throws {
    let data = TableData(
      rowCount: 4, numberColumns: ["a": [1, 5, 5, .nan], "b": [0, 0, 9, 9]],
      tagColumns: ["t": [true, false, true, false]])
    var evaluator = RuleEvaluator(data: data)
    let rule = try CompiledRule("at_least(1, a >= 5, b >= 5, tag(t))", schema: data.schema)
    #expect(try evaluator.strength(rule) == [1.0 / 3, 1.0 / 3, 1, 1.0 / 3])
    let plain = try CompiledRule("a >= 5", schema: data.schema)
    #expect(try evaluator.strength(plain) == [0, 1, 1, 0])
    let picks = Recommender.rank(
      priorities: [1, 5, 5], eligible: [[true, true], [true, false], [true, true]],
      matched: [[true, true], [true, true], [true, true]], strength: [[1, 1], [0.5, 1], [0.9, 0.2]], customers: 2,
      top: 2)
    #expect(picks[0].map(\.product) == [2, 1])
    #expect(picks[1].map(\.product) == [2, 0])
  }
}
