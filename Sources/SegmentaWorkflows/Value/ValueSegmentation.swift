import SegmentaCore
import SegmentaStore

/// Stores segments assigned by a rule (the RFM grid, value tiers) as a segmentation, so rules
/// (`segment(rfm) = "At risk"`), profiles, tags and campaigns use them like any other.
enum ValueSegmentation {
  /// Saves segmentation `name`: `groups` (0-based, −1 for customers left out) over `keys`, with the
  /// profile features `features` (name, source, label, values aligned to `keys`).
  static func save(
    name: String, method: String, workspace: Workspace, keys: [Int64], groups: [Int32], labels: [FeatureLabel],
    features: [(name: String, source: String, label: FeatureLabel, values: [Double])], notes: [String]
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
    let columns = features.map { feature in
      (name: feature.name, values: groups.indices.filter { groups[$0] >= 0 }.map { feature.values[$0] })
    }
    let preprocessing = try PreprocessingModel.fit(columns, options: PreprocessingOptions())
    let model = SegmentationModel.assigned(
      method: method,
      features: features.map { SegmentationModel.Feature(name: $0.name, source: $0.source, label: $0.label) },
      preprocessing: preprocessing, names: labels, groupSizes: sizes, notes: notes)
    return try workspace.saveSegmentation(
      name: name, period: nil, model: model, customerKeys: keptKeys, clusters: keptGroups, groups: keptGroups)
  }
}
