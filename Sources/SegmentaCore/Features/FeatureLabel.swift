/// The Chinese and English display labels of a feature, segment or action, used by reports.
public struct FeatureLabel: Sendable, Equatable, Codable {
  /// The Chinese label (for example `通话时长`).
  public var zh: String
  /// The English label (for example `Call minutes`).
  public var en: String

  /// Creates labels from the Chinese and English text.
  public init(zh: String, en: String) {
    self.zh = zh
    self.en = en
  }
}
