import Foundation
import SegmentaCore

/// A stored segmentation as one SQL query.
///
/// The query applies the preprocessing (fill, winsorising bounds, `log1p`, scaling,
/// weights) and the nearest centre, over a table holding `customer_id` and the model's feature columns (as
/// `segmenta features export` writes them). The query returns `customer_id`, `cluster`, `segment` and
/// `segment_name` for every row, the same as `segmenta export` gives for the customers of the workspace.
///
/// The arithmetic is the model's in 64-bit floating point; the workspace assigns in 32-bit, so a customer
/// whose two nearest centres are equally far to within single precision (about one in ten million) may be
/// placed differently. Missing values are SQL NULLs. The same model gives the same text, byte for byte.
package struct ModelSQL: Sendable {
  /// The segmentation's name and version, for the comments.
  package var name: String
  package var version: Int
  package var model: SegmentationModel
  /// Each segment's name (0-based), as the workspace shows it.
  package var segmentNames: [String]

  package init(name: String, version: Int, model: SegmentationModel, segmentNames: [String]) {
    self.name = name
    self.version = version
    self.model = model
    self.segmentNames = segmentNames
  }

  /// Whether the model assigns customers to the nearest of its centres (k-means and maps do; rule-made
  /// segmentations do not).
  package static func compiles(_ model: SegmentationModel) -> Bool {
    ["kmeans", "som"].contains(model.method) && !model.centres.isEmpty
      && model.preprocessing.transforms.count == model.features.count
  }

  /// The query for `dialect` over `table`; `ordered` sorts the rows by customer (a whole sort of the table,
  /// which a query writing every customer to files does not need).
  package func query(table: String, dialect: SQLDialect, ordered: Bool = true) -> String {
    precondition(Self.compiles(model), "a centre-based model")
    let transforms = model.preprocessing.transforms
    let prepared = (0..<transforms.count).map { "p\($0 + 1)" }
    var lines: [String] = [
      "-- Segmentation '\(Self.comment(name))' version \(version), compiled by Segmenta for \(dialect.title).",
      "-- Method \(model.method): \(model.k) clusters merged into \(model.segmentCount) segments over "
        + "\(transforms.count) features.",
      "-- Reads customer_id and the feature columns from \(table); returns customer_id, cluster (1-based),",
      "-- segment (1-based, 1 the largest when fitted) and segment_name for every row.",
      "-- Each feature: missing filled, clipped to the winsorising bounds, log1p where the model takes it,",
      "-- then (value - centre) / scale * weight; each customer goes to the nearest centre (squared Euclidean",
      "-- distance, the first of equals).",
      "WITH prepared AS \(dialect.materialized)(",
      "  SELECT",
      "    \(dialect.identifier("customer_id")),",
    ]
    for (index, transform) in transforms.enumerated() {
      lines.append("    -- \(Self.describe(transform))")
      let separator = index == transforms.count - 1 ? "" : ","
      lines.append("    \(Self.expression(transform, dialect: dialect)) AS \(prepared[index])\(separator)")
    }
    lines.append("  FROM \(dialect.table(table))")
    lines.append("),")
    lines.append("distances AS \(dialect.materialized)(")
    lines.append("  SELECT")
    lines.append("    \(dialect.identifier("customer_id")),")
    let distances = (0..<model.k).map { "d\($0 + 1)" }
    for cluster in 0..<model.k {
      let terms = (0..<transforms.count).map { feature -> String in
        let centre = Double(model.centres[cluster * model.stride + feature])
        let difference =
          centre == 0
          ? prepared[feature]
          : centre < 0
            ? "\(prepared[feature]) + \(SQLDialect.number(-centre))"
            : "\(prepared[feature]) - \(SQLDialect.number(centre))"
        return "(\(difference)) * (\(difference))"
      }
      let separator = cluster == model.k - 1 ? "" : ","
      lines.append("    -- cluster \(cluster + 1), segment \(model.clusterGroups[cluster] + 1)")
      lines.append("    " + terms.joined(separator: "\n      + ") + " AS \(distances[cluster])\(separator)")
    }
    lines.append("  FROM prepared")
    lines.append("),")
    lines.append("nearest AS (")
    lines.append("  SELECT")
    lines.append("    \(dialect.identifier("customer_id")),")
    lines.append("    CASE")
    let least = "LEAST(\(distances.joined(separator: ", ")))"
    for cluster in 0..<model.k {
      lines.append("      WHEN \(distances[cluster]) = best THEN \(cluster + 1)")
    }
    lines.append("    END AS cluster")
    lines.append("  FROM (SELECT distances.*, \(least) AS best FROM distances) AS ranked")
    lines.append(")")
    lines.append("SELECT")
    lines.append("  \(dialect.identifier("customer_id")),")
    lines.append("  cluster,")
    lines.append("  CASE cluster")
    for cluster in 0..<model.k { lines.append("    WHEN \(cluster + 1) THEN \(model.clusterGroups[cluster] + 1)") }
    lines.append("  END AS segment,")
    lines.append("  CASE cluster")
    for cluster in 0..<model.k {
      let group = model.clusterGroups[cluster]
      let segmentName = group < segmentNames.count ? segmentNames[group] : "Segment \(group + 1)"
      lines.append("    WHEN \(cluster + 1) THEN \(dialect.text(segmentName))")
    }
    lines.append("  END AS segment_name")
    if ordered {
      lines.append("FROM nearest")
      lines.append("ORDER BY \(dialect.identifier("customer_id"));")
    } else {
      lines.append("FROM nearest;")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The prepared value of one feature as an SQL expression over its column.
  package static func expression(_ transform: FeatureTransform, dialect: SQLDialect) -> String {
    var value =
      "COALESCE(CAST(\(dialect.identifier(transform.name)) AS \(dialect.doubleType)), "
      + "\(SQLDialect.number(transform.fill)))"
    if let lower = transform.lower { value = "GREATEST(\(value), \(SQLDialect.number(lower)))" }
    if let upper = transform.upper { value = "LEAST(\(value), \(SQLDialect.number(upper)))" }
    if transform.log1p { value = "LN(1 + GREATEST(\(value), 0))" }
    if transform.center != 0 { value = "(\(value) - \(SQLDialect.number(transform.center)))" }
    if transform.scale != 1 { value = "\(value) / \(SQLDialect.number(transform.scale))" }
    if transform.weight != 1 { value = "\(value) * \(SQLDialect.number(transform.weight))" }
    return value
  }

  /// One feature's preprocessing in words, for the comment above its expression.
  package static func describe(_ transform: FeatureTransform) -> String {
    var parts = ["\(transform.name): missing → \(format(transform.fill))"]
    if let lower = transform.lower, let upper = transform.upper {
      parts.append("clipped to [\(format(lower)), \(format(upper))]")
    }
    if transform.log1p { parts.append("log1p (\(comment(transform.logReason)))") }
    parts.append("centre \(format(transform.center)), scale \(format(transform.scale))")
    if transform.weight != 1 { parts.append("weight \(format(transform.weight))") }
    return parts.joined(separator: ", ")
  }

  static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6g", value)
  }

  /// `text` safe inside a `--` comment (one line).
  package static func comment(_ text: String) -> String {
    text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
  }
}
