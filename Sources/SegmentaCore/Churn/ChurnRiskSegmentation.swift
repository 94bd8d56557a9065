/// The `churn_risk` segmentation: every scored customer in one of three risk bands.
public enum ChurnRiskSegmentation {
  /// The segmentation's name, as rules read it: `segment(churn_risk) = "high"`.
  public static let name = "churn_risk"

  /// The bands' names, in segment order (high, medium, low).
  public static let names = [
    FeatureLabel(zh: "high", en: "high"), FeatureLabel(zh: "medium", en: "medium"),
    FeatureLabel(zh: "low", en: "low"),
  ]

  /// How the bands were made, stored with the segmentation (its profile shows it).
  public static let notes = [
    "churn score bands: high ≥ \(ChurnRiskBand.highThreshold), medium ≥ \(ChurnRiskBand.mediumThreshold), low below"
  ]

  /// The preprocessing stored with the bands: none, as customers are banded by their score, not by
  /// distance.
  public static var preprocessing: PreprocessingModel {
    PreprocessingModel(options: PreprocessingOptions(), transforms: [])
  }
}
