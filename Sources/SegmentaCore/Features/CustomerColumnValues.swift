/// A customer column's values as numbers, one per customer in wide-table order.
///
/// Numbers and booleans as they are, dates and timestamps as (fractional) days since 1970-01-01,
/// missing values as NaN.
public struct CustomerColumnValues: Sendable {
  /// The column's type, which decides how a feature may read it (numbers, or dates for tenure).
  public var type: ColumnType
  /// One value per customer: numbers as they are, dates as days since 1970-01-01, NaN missing.
  public var values: [Double]

  /// Creates the values of a customer column.
  public init(type: ColumnType, values: [Double]) {
    self.type = type
    self.values = values
  }
}
