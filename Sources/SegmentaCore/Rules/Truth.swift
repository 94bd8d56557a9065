/// Three-valued truth, per customer: ``no`` (0), ``unknown`` (1), ``yes`` (2), so that `and` is
/// the minimum, `or` the maximum and `not` is 2 − v (Kleene's logic, as SQL's).
public enum Truth {
  /// False: the condition does not hold.
  public static let no: UInt8 = 0
  /// Unknown: a value the condition reads is missing.
  public static let unknown: UInt8 = 1
  /// True: the condition holds.
  public static let yes: UInt8 = 2
}
