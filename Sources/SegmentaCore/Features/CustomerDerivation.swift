/// A feature copied or derived from a customer column.
public enum CustomerDerivation: Sendable, Equatable {
  /// The numeric column as it is.
  case copy(column: String)
  /// The time from a date column to the reference day, in `unit`.
  case tenure(column: String, unit: TenureUnit)
  /// The band index of a numeric column: 0 below `edges[0]`, i for `edges[i-1] <= x < edges[i]`.
  case bands(column: String, edges: [Double], labels: [String])

  /// Whether the column is read as a number (tenure reads a date).
  public var readsNumbers: Bool {
    if case .tenure = self { return false }
    return true
  }

  /// The name of the customer column read.
  public var column: String {
    switch self {
    case .copy(let c), .tenure(let c, _), .bands(let c, _, _): return c
    }
  }
}
