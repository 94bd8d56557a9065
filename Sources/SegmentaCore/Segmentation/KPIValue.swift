/// A KPI's value in one segment.
public struct KPIValue: Sendable, Equatable, Codable {
  /// The KPI's Chinese and English labels.
  public var label: FeatureLabel
  /// The value (a fraction 0…1 for shares), nil when the segment has no data for it.
  public var value: Double?
  /// Whether the value is a share (shown as a percentage).
  public var isShare: Bool
}
