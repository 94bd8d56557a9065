/// One feature's importance in a churn model.
public struct ChurnFeatureImportance: Sendable, Codable, Equatable {
  /// The feature's name.
  public var feature: String
  /// Its Chinese and English labels.
  public var label: FeatureLabel
  /// The standardised coefficient (logistic) or share of the split gain (boosted trees).
  public var importance: Double

  /// Creates an importance.
  public init(feature: String, label: FeatureLabel, importance: Double) {
    self.feature = feature
    self.label = label
    self.importance = importance
  }

  /// The features of `stored` by absolute importance, largest first (ties in feature order).
  public static func ranked(_ stored: StoredChurnModel) -> [ChurnFeatureImportance] {
    let values = stored.model.importance
    let order = stored.features.indices.sorted { a, b in
      abs(values[a]) > abs(values[b]) || (abs(values[a]) == abs(values[b]) && a < b)
    }
    return order.map {
      ChurnFeatureImportance(
        feature: stored.features[$0].name, label: stored.features[$0].label, importance: values[$0])
    }
  }

  /// What the importance of a model of `kind` measures.
  public static func kind(_ kind: ChurnModelKind) -> String {
    switch kind {
    case .logistic: "standardised coefficient (change of the log-odds of churn per standard deviation)"
    case .gbt: "share of the total split gain (loss reduction) over every tree"
    }
  }
}
