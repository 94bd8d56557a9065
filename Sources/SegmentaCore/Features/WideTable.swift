/// The per-customer wide table: one value per customer and feature, NaN where missing.
public struct WideTable: Sendable {
  /// The number of customers (rows).
  public var customerCount: Int
  /// The feature columns, in spec order.
  public var columns: [WideTableColumn]

  /// Creates a wide table.
  public init(customerCount: Int, columns: [WideTableColumn]) {
    self.customerCount = customerCount
    self.columns = columns
  }

  /// The column of the feature named `name`, if the table has one.
  public func column(named name: String) -> WideTableColumn? {
    columns.first { $0.definition.name == name }
  }
}
