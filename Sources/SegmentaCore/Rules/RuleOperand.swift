/// The operand of `is missing` in a checked rule: any expression that may be missing.
public enum RuleOperand: Sendable, Equatable {
  /// A numeric or date expression, missing where it is NaN.
  case number(RuleNumber)
  /// A text expression, missing where the column has no value.
  case text(RuleText)
  /// A condition, missing where it is unknown.
  case condition(RuleCondition)
  /// A segmentation's latest or previous assignment, missing for customers it does not segment.
  case segment(SegmentationReference)
}
