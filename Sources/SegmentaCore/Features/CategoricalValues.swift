/// One categorical feature's values: a 0-based category code per customer (NaN missing) and the
/// categories the codes stand for.
public struct CategoricalValues: Sendable, Equatable {
  /// The category labels, by code.
  public var categories: [String]
  /// One code per customer, NaN where missing.
  public var values: [Double]

  /// Creates categorical values.
  public init(categories: [String], values: [Double]) {
    self.categories = categories
    self.values = values
  }

  /// The code a value stands for, or nil when it is missing or names no category.
  func code(_ value: Double) -> Int? {
    guard value >= 0, value < Double(categories.count) else { return nil }
    return Int(value)
  }
}
