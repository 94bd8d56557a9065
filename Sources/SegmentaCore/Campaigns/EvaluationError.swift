/// Why an evaluation of a campaign or experiment cannot be computed.
public enum EvaluationError: Error, Equatable, CustomStringConvertible {
  /// The named arm (`target` or `control`) has no customers.
  case emptyArm(String)
  /// The named arm has more reached or converted customers than members, or negative counts.
  case inconsistentCounts(String)
  /// The confidence level is not strictly between 0 and 1.
  case confidence(Double)

  /// What went wrong and what an evaluation needs.
  public var description: String {
    switch self {
    case .emptyArm(let arm): "the \(arm) group has no customers; an evaluation needs both a target and a control group"
    case .inconsistentCounts(let arm): "the \(arm) group has more reached or converted customers than members"
    case .confidence(let value): "confidence \(value) must lie strictly between 0 and 1"
    }
  }
}
