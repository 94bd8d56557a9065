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
    let quality = KQuality(
      k: 3, inertia: .nan, silhouette: .nan, calinskiHarabasz: .nan, daviesBouldin: .nan, iterations: 0,
      smallestCluster: sizes.min() ?? 0)
    let segmentation = Segmentation(
      preprocessing: PreprocessingModel(options: PreprocessingOptions(), transforms: []), k: 3, centres: [],
      stride: 8, clusters: groups, clusterSizes: sizes, kTable: [quality], chosen: quality,
      kRule:
        "churn score bands: high ≥ \(ChurnRiskBand.highThreshold), medium ≥ \(ChurnRiskBand.mediumThreshold), low below",
      merges: [], clusterGroups: [0, 1, 2], groups: groups, groupSizes: sizes, notes: [])
    var model = SegmentationModel(
      method: name, features: features, options: SegmentationOptions(k: 3), segmentation: segmentation)
    model.automaticNames = names
    return model
  }
}
