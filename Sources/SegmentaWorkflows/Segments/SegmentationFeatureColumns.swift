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

  /// The values of categorical columns as text, aligned to `keys` (nil where missing): a wide-table
  /// feature with categories gives its band labels, a customer column its text.
  static func categorical(
    _ names: [String], keys: [Int64], table: StoredWideTable?, workspace: Workspace
  ) throws(SegmentaError) -> [[String?]] {
    guard !names.isEmpty else { return [] }
    let texts = try workspace.customerText(
      columns: names.filter { name in table?.feature(named: name)?.categories.isEmpty ?? true }, keys: keys)
    return names.map { name in
      if let table, let feature = table.feature(named: name), !feature.categories.isEmpty {
        let values = StoredWideTable.align(feature.values, from: table.customerKeys, to: keys)
        return values.map { value in
          value.isFinite && value >= 0 && Int(value) < feature.categories.count ? feature.categories[Int(value)] : nil
        }
      }
      return texts[name] ?? [String?](repeating: nil, count: keys.count)
    }
  }
}
