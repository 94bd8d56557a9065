/// A checked, typed condition: true, false or unknown for each customer.
///
/// Comparisons reading a missing value are unknown; `not`, `and`, `or` and `at_least` follow
/// Kleene's three-valued logic (see ``RuleEvaluator``).
public indirect enum RuleCondition: Sendable, Equatable {
  /// `true` or `false`, the same for every customer.
  case constant(Bool)
  /// A boolean field, true where it is 1.
  case field(String)
  /// Whether the customer carries the tag.
  case tag(String)
  /// A comparison of two numeric (or date) expressions.
  case numbers(ComparisonOperator, RuleNumber, RuleNumber)
  /// Whether two text expressions are equal (or, with `equal` false, different).
  case texts(equal: Bool, RuleText, RuleText)
  /// Whether two conditions have the same truth (or, with `equal` false, different).
  case conditions(equal: Bool, RuleCondition, RuleCondition)
  /// `value between low and high`, both bounds included.
  case between(RuleNumber, RuleNumber, RuleNumber)
  /// Whether the number is one of the listed values (or, negated, none of them).
  case numberIn(RuleNumber, [Double], negated: Bool)
  /// Whether the text is one of the listed values (or, negated, none of them).
  case textIn(RuleText, [String], negated: Bool)
  /// The customer's segment id is (or, negated, is not) one of these.
  case segmentIn(SegmentationReference, [Int], negated: Bool)
  /// Whether the operand is missing (or, negated, present); never unknown.
  case missing(RuleOperand, negated: Bool)
  /// The negation: true where the condition is false, unknown where it is unknown.
  case not(RuleCondition)
  /// True where every condition is true, false where any is false, else unknown.
  case and([RuleCondition])
  /// True where any condition is true, false where every one is false, else unknown.
  case or([RuleCondition])
  /// True where at least n conditions are true, false where fewer than n can be, else unknown.
  case atLeast(Int, [RuleCondition])
}
