extension SegmentationModel {
  /// The model of a segmentation whose segments are assigned by a rule rather than clustered (the
  /// RFM grid, value tiers): one cluster per segment, no centres, automatic names as given.
  ///
  /// `method` names the rule (`rfm`, `value_tier`); `preprocessing` is fitted on the features so
  /// profiles can say which traits stand out; `notes` explain how the segments were made.
  public static func assigned(
    method: String, features: [Feature], preprocessing: PreprocessingModel, names: [FeatureLabel],
    groupSizes: [Int], notes: [String]
  ) -> SegmentationModel {
    SegmentationModel(
      method: method, features: features, preprocessing: preprocessing, names: names, groupSizes: groupSizes,
      notes: notes)
  }

  private init(
    method: String, features: [Feature], preprocessing: PreprocessingModel, names: [FeatureLabel],
    groupSizes: [Int], notes: [String]
  ) {
    self.method = method
    self.features = features
    options = SegmentationOptions(k: groupSizes.count)
    self.preprocessing = preprocessing
    k = groupSizes.count
    centres = []
    stride = 0
    clusterSizes = groupSizes
    clusterGroups = Array(groupSizes.indices)
    self.groupSizes = groupSizes
    merges = []
    kTable = []
    chosen = KQuality(
      k: groupSizes.count, inertia: .nan, silhouette: .nan, calinskiHarabasz: .nan, daviesBouldin: .nan,
      iterations: 0, smallestCluster: groupSizes.min() ?? 0)
    kRule = method
    self.notes = notes
    automaticNames = names
  }
}
