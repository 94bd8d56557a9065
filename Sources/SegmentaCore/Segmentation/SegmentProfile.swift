/// One segment's profile card: size, means, traits, top categories, KPIs and actions.
public struct SegmentProfile: Sendable, Equatable, Codable {
  /// The 1-based segment id.
  public var id: Int
  /// The 1-based k-means clusters that form the segment.
  public var clusters: [Int]
  /// The number of customers in the segment.
  public var size: Int
  /// The segment's share of all customers, 0…1.
  public var share: Double
  /// The automatic name from the strongest (and, when telling, weakest) traits.
  public var automaticName: FeatureLabel
  /// The mean of every feature in original units (nil when all values are missing).
  public var means: [Double?]
  /// The means min-max normalised across segments, 0…1 (nil when the feature does not vary
  /// between segments).
  public var normalized: [Double?]
  /// Strong features: normalised ≥ 0.8, at most five, strongest first.
  public var strong: [Trait]
  /// Weak features: normalised ≤ 0.2, at most five, weakest first.
  public var weak: [Trait]
  /// The three most frequent values of each categorical column, with their shares of the segment.
  public var categories: [CategoryTop]
  /// The KPI values of the segment, in the order of the KPI definitions.
  public var kpis: [KPIValue]
  /// The actions of the (at most two) playbook rules matching the segment best.
  public var actions: [SuggestedAction]
}
