import Testing

@testable import SegmentaCore

@Suite("Wide-table spec validation")
struct WideTablePlanTests {
  func plan(_ features: [FeatureDefinition], reference: Int? = 19_800) throws(WideTableSpecError) -> WideTablePlan {
    try WideTablePlan(spec: WideTableSpec(referenceDay: reference, features: features))
  }

  @Test("duplicate names, bad names, unknown references and cycles are refused")
  func validation() {
    #expect(throws: WideTableSpecError(feature: "a", "defined twice; feature names must be unique")) {
      try plan([aggregate("a", .count), aggregate("a", .count)])
    }
    #expect(
      throws: WideTableSpecError(
        feature: "1x", "a feature name must start with a letter and hold only letters, digits and '_'")
    ) {
      try plan([aggregate("1x", .count)])
    }
    #expect(throws: WideTableSpecError(feature: "r", "refers to 'nope', which is not a feature of this spec")) {
      try plan([
        aggregate("a", .count), feature("r", .ratio(numerator: "a", denominator: "nope", division: .ratioDefault)),
      ])
    }
    #expect(throws: WideTableSpecError(feature: "x", "is computed from itself: x → y → x")) {
      try plan([
        feature("x", .ratio(numerator: "y", denominator: "y", division: .ratioDefault)),
        feature("y", .share(part: "x", whole: "x", division: .shareDefault)),
      ])
    }
  }

  @Test("windows need a reference date; a field is either numeric or text")
  func semanticChecks() {
    #expect(throws: WideTableSpecError.self) { try plan([aggregate("w", .count, window: 7)], reference: nil) }
    #expect(throws: WideTableSpecError(feature: "b", "uses 'party' as a number but feature 'a' uses it as text")) {
      try plan([aggregate("a", .distinct, of: "party"), aggregate("b", .sum, of: "party")])
    }
    #expect(throws: WideTableSpecError(feature: "a", "sum needs a field: name it with 'of'")) {
      try plan([aggregate("a", .sum)])
    }
  }

  @Test("identical filters are compiled once")
  func sharedFilters() throws {
    let compiled = try plan([
      aggregate("a", .count, types: ["call"]), aggregate("b", .sum, of: "duration", types: ["call"]),
      aggregate("c", .count, types: ["sms"]),
    ])
    #expect(compiled.filters.count == 2)
    #expect(compiled.typeNames == ["call", "sms"])
    #expect(compiled.measureNames == ["duration"])
  }
}
