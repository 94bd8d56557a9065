import SegmentaCore
import SegmentaStore

extension Workspace {
  /// Every numeric feature of `table` and every numeric customer column that is not personal data.
  ///
  /// A feature hides a column of the same name. Values are aligned to `keys` (NaN where a customer
  /// has no value); customer columns are labelled with their names.
  func numericColumns(table: StoredWideTable?, keys: [Int64]) throws -> [ProfileColumn] {
    var columns: [ProfileColumn] = []
    if let table {
      for feature in table.features where feature.categories.isEmpty {
        columns.append(
          ProfileColumn(
            name: feature.name, label: feature.label,
            values: Self.align(feature.values, from: table.customerKeys, to: keys)))
      }
    }
    let numeric = try customerColumns().filter { column in
      column.type.isNumeric && !column.personal && !columns.contains { $0.name == column.name }
    }
    let values = try customerValues(columns: numeric.map(\.name), keys: keys)
    for column in numeric {
      if let stored = values[column.name] {
        columns.append(
          ProfileColumn(name: column.name, label: FeatureLabel(zh: column.name, en: column.name), values: stored.values)
        )
      }
    }
    return columns
  }

  /// `values`, one per customer of `source`, re-aligned to `keys` (NaN for customers `source` lacks).
  static func align(_ values: [Double], from source: [Int64], to keys: [Int64]) -> [Double] {
    if source == keys { return values }
    var position: [Int64: Int] = [:]
    for (index, key) in source.enumerated() { position[key] = index }
    return keys.map { key in position[key].map { values[$0] } ?? .nan }
  }

  /// The column marking customers who must not be contacted on any channel, if the workspace has one.
  func doNotContactColumn() throws -> String? {
    try customerColumns().first { $0.name.lowercased() == "do_not_contact" }?.name
  }

  /// For each customer of `keys`, whether any of the columns `names` holds a true value (present and
  /// not zero): opt-out and do-not-contact flags.
  func anyFlag(_ names: [String], keys: [Int64]) throws -> [Bool] {
    var result = [Bool](repeating: false, count: keys.count)
    for column in try customerValues(columns: names, keys: keys).values {
      for (row, value) in column.values.enumerated() where !value.isNaN && value != 0 { result[row] = true }
    }
    return result
  }
}
