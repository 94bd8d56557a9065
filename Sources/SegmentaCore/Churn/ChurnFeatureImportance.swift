/// One feature's importance in a churn model.
public struct ChurnFeatureImportance: Sendable, Codable, Equatable {
  /// The feature's name.
  public var feature: String
  /// Its Chinese and English labels.
  public var label: FeatureLabel
  /// The standardised coefficient (logistic), share of the split gain (boosted trees) or the AUC drop
  /// when the feature is shuffled (permutation importance).
  public var importance: Double

  /// Creates an importance.
  public init(feature: String, label: FeatureLabel, importance: Double) {
    self.feature = feature
    self.label = label
    self.importance = importance
  }

  /// The features of `stored` by absolute importance, largest first (ties in feature order): the
  /// permutation importance when the fit computed it, else the model's own.
  public static func ranked(_ stored: StoredChurnModel) -> [ChurnFeatureImportance] {
    let values = stored.permutationImportance ?? stored.model.importance
    let order = stored.features.indices.sorted { a, b in
      abs(values[a]) > abs(values[b]) || (abs(values[a]) == abs(values[b]) && a < b)
    }
    return order.map {
      ChurnFeatureImportance(
        feature: stored.features[$0].name, label: stored.features[$0].label, importance: values[$0])
    }
  }

  /// What the importance of `stored` (``ranked(_:)``) measures.
  public static func kind(of stored: StoredChurnModel) -> String {
    guard stored.permutationImportance != nil else { return kind(stored.model.kind) }
    return "permutation importance: drop of the AUC on the training customers when the feature's values are "
      + "shuffled (mean of \(stored.permutationRepeats ?? 0) shuffles)"
  }

  /// What the importance of a model of `kind` measures.
  public static func kind(_ kind: ChurnModelKind) -> String {
    switch kind {
    case .logistic: "standardised coefficient (change of the log-odds of churn per standard deviation)"
    case .gbt: "share of the total split gain (loss reduction) over every tree"
    }
  }
}
