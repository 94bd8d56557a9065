/// A wide table as stored for one period: one row per customer, one column per feature.
public struct StoredWideTable: Sendable {
  /// The period's metadata.
  public var period: PeriodInfo
  /// Customer keys, one per row, ascending.
  public var customerKeys: [Int64]
  /// The features, in spec order.
  public var features: [StoredFeature]

  /// Creates a wide table.
  public init(period: PeriodInfo, customerKeys: [Int64], features: [StoredFeature]) {
    self.period = period
    self.customerKeys = customerKeys
    self.features = features
  }

  /// The feature named `name`, if the table has it.
  public func feature(named name: String) -> StoredFeature? {
    features.first { $0.name == name }
  }

  /// `values`, one per customer of `source`, re-aligned to `keys` (NaN for customers `source` lacks).
  public static func align(_ values: [Double], from source: [Int64], to keys: [Int64]) -> [Double] {
    if source == keys { return values }
    return KeyPositions.positions(of: keys, in: source).map { $0 >= 0 ? values[Int($0)] : .nan }
  }
}
