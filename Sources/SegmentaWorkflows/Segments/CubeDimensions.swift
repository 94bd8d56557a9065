import SegmentaCore
import SegmentaStore

/// The categorical columns a cube (or a capability of the matrix) reads: text, boolean or integer
/// customer columns, and wide-table features with categories (band features, categorical aggregates),
/// whose values are category indices read as their labels.
enum CubeDimensions {
  /// The dimensions named, checked against the workspace: a feature of `table` with categories first,
  /// else a non-personal customer column of a categorical type.
  static func resolve(_ names: [String], workspace: Workspace, table: StoredWideTable?) throws(SegmentaError)
    -> [CubeModel.Dimension]
  {
    guard !names.isEmpty else {
      throw SegmentaError(
        .invalidRequest, "dimensions names the customer columns to cross, such as industry,it_level,purchase_factor",
        field: "dimensions")
    }
    guard Set(names).count == names.count else {
      throw SegmentaError(.invalidRequest, "a dimension is named twice in --dimensions", field: "dimensions")
    }
    let catalogue = try workspace.customerColumns()
    var dimensions: [CubeModel.Dimension] = []
    for name in names {
      if let feature = table?.feature(named: name) {
        guard !feature.categories.isEmpty else {
          throw SegmentaError(
            .invalidRequest,
            "feature '\(name)' is a number, not a category; a cube crosses text columns or features with categories "
              + "(bands), so band it in the wide-table spec first", field: "dimensions")
        }
        dimensions.append(CubeModel.Dimension(name: name, source: "feature", label: feature.label))
      } else if let column = catalogue.first(where: { $0.name == name }) {
        guard !column.personal else {
          throw SegmentaError(
            .invalidRequest, "'\(name)' holds personal data, which is never a dimension of a segmentation",
            field: "dimensions")
        }
        guard [.text, .boolean, .integer].contains(column.type) else {
          throw SegmentaError(
            .invalidRequest,
            "customer column '\(name)' holds \(column.type) values; a cube crosses text, boolean or integer columns "
              + "(band a number with a bands feature in the wide-table spec)", field: "dimensions")
        }
        dimensions.append(CubeModel.Dimension(name: name, source: "customer", label: FeatureLabel(zh: name, en: name)))
      } else {
        let known =
          catalogue.filter { $0.type == .text && !$0.personal }.map(\.name)
          + (table?.features.filter { !$0.categories.isEmpty }.map(\.name) ?? [])
        throw SegmentaError(
          .notFound,
          "'\(name)' is neither a customer column nor a feature with categories"
            + (known.isEmpty ? "" : "; available: \(known.joined(separator: ", "))"), field: "dimensions")
      }
    }
    return dimensions
  }

  /// Each dimension's values for the customers `keys` (nil where missing; a feature's category index
  /// read as its label).
  static func read(
    _ dimensions: [CubeModel.Dimension], keys: [Int64], workspace: Workspace, table: StoredWideTable?
  ) throws(SegmentaError) -> [[String?]] {
    let texts = try workspace.customerText(
      columns: dimensions.filter { $0.source == "customer" }.map(\.name), keys: keys)
    var columns: [[String?]] = []
    for dimension in dimensions {
      if dimension.source == "customer" {
        guard let values = texts[dimension.name] else {
          throw SegmentaError(.notFound, "customer column '\(dimension.name)' is no longer in the workspace")
        }
        columns.append(values)
        continue
      }
      guard let table, let feature = table.feature(named: dimension.name) else {
        throw SegmentaError(
          .missingPrerequisite,
          "feature '\(dimension.name)' is not in period \(table?.period.label ?? "(none)"); build the period with the "
            + "spec the segmentation was made from", field: "period")
      }
      let values = StoredWideTable.align(feature.values, from: table.customerKeys, to: keys)
      columns.append(
        values.map { value in
          guard value.isFinite, value >= 0, value < Double(feature.categories.count), value == value.rounded() else {
            return nil
          }
          return feature.categories[Int(value)]
        })
    }
    return columns
  }
}
