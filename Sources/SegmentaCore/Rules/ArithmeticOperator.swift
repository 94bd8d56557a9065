/// An arithmetic operator of the rule language, with the symbol a rule writes.
public enum ArithmeticOperator: String, Sendable, Equatable, Codable {
  /// Addition, `+`.
  case add = "+"
  /// Subtraction, `-`.
  case subtract = "-"
  /// Multiplication, `*`.
  case multiply = "*"
  /// Division, `/`; division by zero is missing.
  case divide = "/"
}
