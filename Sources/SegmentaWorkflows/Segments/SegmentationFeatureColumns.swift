import SegmentaCore
import SegmentaStore

/// The raw values of a segmentation model's features for given customers: wide-table features from
/// the period's table, customer columns from the workspace (NaN where a customer has none).
enum SegmentationFeatureColumns {
  /// One column per feature of `model`, in model order, aligned to `keys`.
  static func read(
    _ model: SegmentationModel, keys: [Int64], table: StoredWideTable?, workspace: Workspace
  ) throws(SegmentaError) -> [[Double]] {
    let reader = try workspace.customerColumnReader(keys: keys)
    var columns: [[Double]] = []
    columns.reserveCapacity(model.features.count)
    for feature in model.features {
      if feature.source == "feature", let table, let stored = table.feature(named: feature.name) {
        columns.append(StoredWideTable.align(stored.values, from: table.customerKeys, to: keys))
      } else {
        columns.append(try reader.values(feature.name) ?? [Double](repeating: .nan, count: keys.count))
      }
    }
    return columns
  }
}
