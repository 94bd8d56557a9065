import SegmentaCore
import SegmentaStore

/// Stores segments assigned by a rule (the RFM grid, value tiers, lifecycle stages, churn-risk bands)
/// as a segmentation, so rules (`segment(rfm) = "At risk"`), profiles, tags and campaigns use them
/// like any other.
enum ValueSegmentation {
  /// Saves segmentation `name`: `groups` (0-based, −1 for customers left out) over `keys`, with the
  /// profile features `features` (name, source, label, values aligned to `keys`).
  ///
  /// `period` is the wide-table period the segments come from, if any; `preprocessing` is stored as
  /// given, or fitted on the features of the customers placed when nil; `cube` is stored with the model of
  /// a cube segmentation.
  static func save(
    name: String, method: String, period: String? = nil, workspace: Workspace, keys: [Int64], groups: [Int32],
    labels: [FeatureLabel], features: [(name: String, source: String, label: FeatureLabel, values: [Double])],
    notes: [String], preprocessing: PreprocessingModel? = nil, cube: CubeModel? = nil
  ) throws -> Int {
    var keptKeys: [Int64] = []
    var keptGroups: [Int32] = []
    var sizes = [Int](repeating: 0, count: labels.count)
    for (row, group) in groups.enumerated() where group >= 0 {
      keptKeys.append(keys[row])
      keptGroups.append(group)
      sizes[Int(group)] += 1
    }
    guard !keptKeys.isEmpty else {
      throw SegmentaError(.insufficientData, "no customer could be placed in a segment of '\(name)'")
    }
    var model = SegmentationModel.assigned(
      method: method,
      features: features.map { SegmentationModel.Feature(name: $0.name, source: $0.source, label: $0.label) },
      preprocessing: try preprocessing ?? fitted(features, placed: groups.indices.filter { groups[$0] >= 0 }),
      names: labels,
      groupSizes: sizes, notes: notes)
    model.cube = cube
    return try workspace.saveSegmentation(
      name: name, period: period, model: model, customerKeys: keptKeys, clusters: keptGroups, groups: keptGroups)
  }

  /// The preprocessing fitted on `features` over the rows `placed`.
  private static func fitted(
    _ features: [(name: String, source: String, label: FeatureLabel, values: [Double])], placed: [Int]
  ) throws -> PreprocessingModel {
    let columns = features.map { feature in (name: feature.name, values: placed.map { feature.values[$0] }) }
    return try PreprocessingModel.fit(columns, options: PreprocessingOptions())
  }
}
