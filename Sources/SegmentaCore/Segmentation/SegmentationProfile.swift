/// The profile of every segment of a segmentation: per-feature separation and one card per
/// segment (means, strong and weak traits, top categories, KPIs and suggested actions).
public struct SegmentationProfile: Sendable, Equatable, Codable {
  /// The features profiled, in order, with how much each separates the segments.
  public var features: [ProfiledFeature]
  /// The segments, largest first.
  public var segments: [SegmentProfile]
}
