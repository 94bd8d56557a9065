/// The data a rule is evaluated on, one entry per customer in a fixed order.
public protocol RuleData {
  /// The number of customers; every column has one entry per customer.
  var rowCount: Int { get }
  /// A number, boolean (0/1) or date (days since 1970-01-01) field; NaN where missing.
  func numbers(_ field: String) throws -> [Double]
  /// A text field, one code per customer.
  func texts(_ field: String) throws -> RuleTextColumn
  /// Each customer's 1-based segment id in a segmentation, 0 where the customer has none.
  func segments(_ segmentation: String) throws -> [Int32]
  /// Each customer's 1-based segment id in a segmentation's previous assignment, 0 where the customer
  /// has none.
  func previousSegments(_ segmentation: String) throws -> [Int32]
  /// Whether each customer carries a tag.
  func tag(_ name: String) throws -> [Bool]
}

extension RuleData {
  /// No previous assignment: every customer's previous segment is missing.
  public func previousSegments(_ segmentation: String) throws -> [Int32] {
    [Int32](repeating: 0, count: rowCount)
  }
}
