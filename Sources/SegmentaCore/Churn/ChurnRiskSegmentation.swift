/// The `churn_risk` segmentation: every scored customer in one of three risk bands.
public enum ChurnRiskSegmentation {
  /// The segmentation's name, as rules read it: `segment(churn_risk) = "high"`.
  public static let name = "churn_risk"

  /// The bands' names, in segment order (high, medium, low).
  public static let names = [
    FeatureLabel(zh: "high", en: "high"), FeatureLabel(zh: "medium", en: "medium"),
    FeatureLabel(zh: "low", en: "low"),
  ]

  /// The model stored with the bands: method `churn_risk`, three segments of the given sizes, no
  /// centres (customers are banded by their score, not by distance).
  public static func model(groups: [Int32], features: [SegmentationModel.Feature]) -> SegmentationModel {
    var sizes = [0, 0, 0]
    for group in groups { sizes[Int(group)] += 1 }
    return SegmentationModel.assigned(
      method: name, features: features,
      preprocessing: PreprocessingModel(options: PreprocessingOptions(), transforms: []),
      names: names, groupSizes: sizes,
      notes: [
        "churn score bands: high ≥ \(ChurnRiskBand.highThreshold), medium ≥ \(ChurnRiskBand.mediumThreshold), low below"
      ])
  }
}
