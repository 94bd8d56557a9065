import SegmentaCore

/// How many customers a categorical feature puts in one category.
package struct CategoryCount: Sendable, Codable, Equatable {
  /// The category's label.
  package var category: String
  /// Customers in it.
  package var customers: Int

  package init(category: String, customers: Int) {
    self.category = category
    self.customers = customers
  }

  /// Customers per category of a categorical feature's codes (missing values not counted), in category
  /// order; nil for a numeric feature (no categories).
  package static func counts(_ values: [Double], categories: [String]) -> [CategoryCount]? {
    guard !categories.isEmpty else { return nil }
    var counts = [Int](repeating: 0, count: categories.count)
    for value in values where value >= 0 && value < Double(categories.count) { counts[Int(value)] += 1 }
    return zip(categories, counts).map { CategoryCount(category: $0, customers: $1) }
  }
}
