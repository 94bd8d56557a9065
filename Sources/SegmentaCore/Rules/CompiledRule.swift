/// A rule parsed and checked against a schema, ready to evaluate.
public struct CompiledRule: Sendable, Equatable {
  /// The rule's text.
  public var text: String
  /// The checked, typed condition.
  public var condition: RuleCondition
  /// The fields the rule reads, with their types.
  public var fields: [String: RuleFieldType]
  /// The segmentations the rule reads.
  public var segmentations: Set<String>
  /// The tags the rule reads.
  public var tags: Set<String>

  /// Parses and checks `text` against `schema`.
  ///
  /// - Throws: ``RuleError`` locating the first syntax error, unknown name or type mismatch.
  public init(_ text: String, schema: RuleSchema) throws(RuleError) {
    let tree = try RuleParser.parse(text)
    var checker = RuleChecker(schema: schema, rule: text)
    let checked = try checker.check(tree)
    guard case .condition(let condition) = checked else {
      throw RuleError(
        .type, at: tree.position,
        "a rule must be a condition that is true or false for each customer, such as arpu > 100; this is \(checked.kind)",
        rule: text)
    }
    self.text = text
    self.condition = condition
    fields = checker.usedFields
    segmentations = checker.usedSegmentations
    tags = checker.usedTags
  }
}
