/// A numeric expression of a checked rule; missing values (NaN) propagate through arithmetic.
public indirect enum RuleNumber: Sendable, Equatable {
  /// A number written in the rule (dates are converted to days since 1970-01-01).
  case constant(Double)
  /// A number, boolean (0/1) or date (days since 1970-01-01) field.
  case field(String)
  /// The negation −x.
  case negate(RuleNumber)
  /// `left op right`; division by zero and results that are not finite are missing.
  case arithmetic(ArithmeticOperator, RuleNumber, RuleNumber)
}
