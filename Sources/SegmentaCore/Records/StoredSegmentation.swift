/// A segmentation version as stored: its model and every segmented customer's cluster and segment.
public struct StoredSegmentation: Sendable {
  /// Row id in the workspace.
  public var id: Int64
  /// The segmentation's name.
  public var name: String
  /// Version, 1 for the first run of a name.
  public var version: Int
  /// When it was made, ISO 8601 in UTC.
  public var createdAt: String
  /// The wide-table period its features came from, if any.
  public var period: String?
  /// The model: preprocessing, centres, merging, quality and automatic names.
  public var model: SegmentationModel
  /// Segmented customers' keys, ascending.
  public var customerKeys: [Int64]
  /// Each customer's cluster (0-based).
  public var clusters: [Int32]
  /// Each customer's segment (0-based).
  public var groups: [Int32]
  /// Names given by the analyst, by 1-based segment id; an empty language keeps the automatic name.
  public var customNames: [Int: FeatureLabel]
  /// The version this one refreshes (its model applied to the features of ``period``), if it is a refresh.
  public var refreshes: Int?

  /// Creates a stored segmentation.
  public init(
    id: Int64, name: String, version: Int, createdAt: String, period: String?, model: SegmentationModel,
    customerKeys: [Int64], clusters: [Int32], groups: [Int32], customNames: [Int: FeatureLabel],
    refreshes: Int? = nil
  ) {
    self.id = id
    self.name = name
    self.version = version
    self.createdAt = createdAt
    self.period = period
    self.model = model
    self.customerKeys = customerKeys
    self.clusters = clusters
    self.groups = groups
    self.customNames = customNames
    self.refreshes = refreshes
  }

  /// The name shown for each segment (0-based): the analyst's, else the automatic one.
  public var displayNames: [FeatureLabel] {
    SegmentNames.display(automatic: model.automaticNames, custom: customNames, count: model.segmentCount)
  }
}

/// The names segments are shown and selected by.
public enum SegmentNames {
  /// The name of each of `count` segments (0-based): the analyst's (`custom`, by 1-based id) where
  /// given, language by language, else the automatic one, else "群N / Segment N".
  public static func display(automatic: [FeatureLabel], custom: [Int: FeatureLabel], count: Int) -> [FeatureLabel] {
    (0..<count).map { index in
      let fallback =
        index < automatic.count ? automatic[index] : FeatureLabel(zh: "群\(index + 1)", en: "Segment \(index + 1)")
      guard let given = custom[index + 1] else { return fallback }
      return FeatureLabel(
        zh: given.zh.isEmpty ? fallback.zh : given.zh, en: given.en.isEmpty ? fallback.en : given.en)
    }
  }

  /// `label` as one text: "中文 / English", or the one name when both are the same.
  public static func combined(_ label: FeatureLabel) -> String {
    label.zh == label.en ? label.zh : "\(label.zh) / \(label.en)"
  }
}
