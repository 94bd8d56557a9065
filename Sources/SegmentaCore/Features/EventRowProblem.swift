/// What is wrong with one event row: the 0-based column and the problem, for the reader to locate
/// with the file and line.
public struct EventRowProblem: Sendable, Equatable {
  /// The 0-based index of the column at fault.
  public var column: Int
  /// What is wrong and what was expected, for example `expected a number, found 'ten'`.
  public var message: String
}
