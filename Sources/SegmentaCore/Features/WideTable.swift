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

  /// Replaces every value that is not finite (a sum or ratio beyond ±1.8 × 10³⁰⁸) by missing and
  /// returns how many each feature had, by name (features without any are left out).
  public mutating func replaceNonFiniteWithMissing() -> [String: Int] {
    var replaced: [String: Int] = [:]
    for index in columns.indices {
      var count = 0
      columns[index].values.withUnsafeMutableBufferPointer { values in
        for row in values.indices where values[row].isInfinite {
          values[row] = .nan
          count += 1
        }
      }
      if count > 0 { replaced[columns[index].definition.name] = count }
    }
    return replaced
  }
}
