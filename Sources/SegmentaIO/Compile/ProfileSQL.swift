import Foundation
import SegmentaCore

/// The statistics a segment profile is built from, as one SQL query an engine runs where the customers are.
///
/// The query reads each customer's segment from a scores table (`customer_id`, `segment`, 1-based, as
/// `segmenta compile model` and `segmenta export` write it), the model's feature columns from the feature
/// table and the text and numeric customer columns the profile reads from the customer table, and returns a
/// small table in long format, one row per segment and statistic:
///
/// | statistic | item | category | value |
/// |---|---|---|---|
/// | `size` | | | customers of the segment |
/// | `count` | column | | values present |
/// | `sum` | column | | sum of the present values in original units |
/// | `scaled_sum` | feature | | sum of the values as clustering saw them (filled, clipped, `log1p`, scaled, weighted, rounded to 32 bits) |
/// | `scaled_squares` | feature | | sum of their squares |
/// | `top` | text column | value | customers with the value (the three most frequent values; ties by label) |
/// | `median` | column | | a median KPI (exact on DuckDB and PostgreSQL, `percentile_approx` on Spark) |
/// | `share_count` | text column | value | customers whose column equals the value |
///
/// ``ProfileStatistics`` turns the rows back into a profile's aggregates. The same inputs give the same text.
package struct ProfileSQL: Sendable {
  /// Spark's `percentile_approx` accuracy: its answer's rank is within n ÷ accuracy of the exact one.
  package static let sparkAccuracy = 10_000

  /// Where the query reads its data.
  package struct Tables: Sendable, Equatable {
    /// `customer_id` and the model's feature columns (and numeric KPI columns that are features).
    package var features: String
    /// `customer_id` and `segment` (1-based).
    package var scores: String
    /// `customer_id` and the customer columns categories and KPIs read.
    package var customers: String

    package init(features: String = "features", scores: String = "scores", customers: String = "customers") {
      self.features = features
      self.scores = scores
      self.customers = customers
    }
  }

  /// The segmentation's name and version, for the comments.
  package var name: String
  package var version: Int
  package var model: SegmentationModel
  /// Text customer columns whose three most frequent values each segment shows.
  package var categories: [String]
  /// The KPI lines.
  package var kpis: [KPIDefinition]
  /// Numeric KPI columns read from the feature table (the others come from the customer table); the model's
  /// features always are.
  package var featureColumns: Set<String>

  package init(
    name: String, version: Int, model: SegmentationModel, categories: [String], kpis: [KPIDefinition],
    featureColumns: Set<String>
  ) {
    self.name = name
    self.version = version
    self.model = model
    self.categories = categories
    self.kpis = kpis
    self.featureColumns = featureColumns
  }

  /// A numeric column the query reads: a model feature (with its transform) or a KPI column.
  struct NumberColumn {
    var name: String
    var transform: FeatureTransform?
    var fromFeatures: Bool
    var mean: Bool
    var median: Bool
  }

  /// The numeric columns: the model's features in order, then KPI columns that are not features.
  var numberColumns: [NumberColumn] {
    let transforms = model.preprocessing.transforms
    var columns = model.features.enumerated().map { index, feature in
      NumberColumn(
        name: feature.name, transform: index < transforms.count ? transforms[index] : nil, fromFeatures: true,
        mean: true, median: false)
    }
    for kpi in kpis {
      let (column, median): (String, Bool)
      switch kpi.measure {
      case .mean(let name): (column, median) = (name, false)
      case .median(let name): (column, median) = (name, true)
      case .share: continue
      }
      if let index = columns.firstIndex(where: { $0.name == column }) {
        if median { columns[index].median = true } else { columns[index].mean = true }
      } else {
        columns.append(
          NumberColumn(
            name: column, transform: nil, fromFeatures: featureColumns.contains(column), mean: !median, median: median
          ))
      }
    }
    return columns
  }

  /// The text columns: categories, then the columns share KPIs read.
  var textColumns: [String] {
    var columns: [String] = []
    for column in categories + kpis.compactMap(Self.shareColumn) where !columns.contains(column) {
      columns.append(column)
    }
    return columns
  }

  static func shareColumn(_ kpi: KPIDefinition) -> String? {
    if case .share(let column, _) = kpi.measure { return column }
    return nil
  }

  /// The query for `dialect` over `tables`.
  package func query(tables: Tables, dialect: SQLDialect) -> String {
    let numbers = numberColumns
    let texts = textColumns
    let fromCustomers = numbers.filter { !$0.fromFeatures }.map(\.name) + texts
    let id = dialect.identifier("customer_id")
    let double = dialect.doubleType
    let float = dialect == .postgres ? "REAL" : "FLOAT"
    var lines: [String] = [
      "-- Profile statistics of segmentation '\(ModelSQL.comment(name))' version \(version), compiled by Segmenta "
        + "for \(dialect.title).",
      "-- Reads customer_id and segment (1-based) from \(tables.scores), the \(model.features.count) feature columns "
        + "from \(tables.features)"
        + (fromCustomers.isEmpty
          ? ";" : " and \(fromCustomers.map(ModelSQL.comment).joined(separator: ", ")) from \(tables.customers);"),
      "-- returns segment, statistic, item, category, value: size; count and sum of present values per column;",
      "-- scaled_sum and scaled_squares of each feature as clustering scaled it (missing filled, clipped, log1p,",
      "-- (value - centre) / scale * weight, rounded to 32 bits); top (the three most frequent values of a text",
      "-- column, ties by label); median and share_count for KPIs. Render the report with",
      "-- `segmenta profile \(ModelSQL.comment(name)) --version \(version) --statistics FILE.csv`.",
    ]
    if dialect == .spark {
      lines.append(
        "-- Medians are Spark's percentile_approx with accuracy \(Self.sparkAccuracy): a value of the column whose "
          + "rank is within n / \(Self.sparkAccuracy) of the median's.")
    }
    // Each source table reduced to the values the statistics read, so that column names cannot collide.
    lines.append("WITH feature_values AS \(dialect.materialized)(")
    lines.append("  SELECT")
    var featureItems = ["    \(id)"]
    for (index, column) in numbers.enumerated() where column.fromFeatures {
      featureItems.append(
        "    -- \(column.transform.map(ModelSQL.describe) ?? ModelSQL.comment(column.name))\n"
          + "    CAST(\(dialect.identifier(column.name)) AS \(double)) AS v\(index + 1)")
      if let transform = column.transform {
        featureItems.append(
          "    CAST(CAST(\(ModelSQL.expression(transform, dialect: dialect)) AS \(float)) AS \(double)) AS q\(index + 1)"
        )
      }
    }
    lines.append(featureItems.joined(separator: ",\n"))
    lines.append("  FROM \(dialect.table(tables.features))")
    lines.append("),")
    if !fromCustomers.isEmpty {
      lines.append("customer_values AS \(dialect.materialized)(")
      lines.append("  SELECT")
      var items = ["    \(id)"]
      for (index, column) in numbers.enumerated() where !column.fromFeatures {
        items.append("    CAST(\(dialect.identifier(column.name)) AS \(double)) AS v\(index + 1)")
      }
      for (index, column) in texts.enumerated() {
        items.append(
          "    NULLIF(CAST(\(dialect.identifier(column)) AS \(dialect.textType)), '') AS t\(index + 1)")
      }
      lines.append(items.joined(separator: ",\n"))
      lines.append("  FROM \(dialect.table(tables.customers))")
      lines.append("),")
    }
    // Every scored customer, with the values of its row (a customer missing from the feature table counts as
    // missing everywhere, so its scaled values are the fills').
    lines.append("profiled AS \(dialect.materialized)(")
    lines.append("  SELECT")
    var items = ["    CAST(s.\(dialect.identifier("segment")) AS INTEGER) AS segment"]
    for (index, column) in numbers.enumerated() {
      items.append("    \(column.fromFeatures ? "f" : "c").v\(index + 1)")
      if let transform = column.transform {
        let fill = Double(Float(transform.apply(.nan)))
        items.append("    COALESCE(f.q\(index + 1), \(SQLDialect.number(fill))) AS q\(index + 1)")
      }
    }
    for index in texts.indices { items.append("    c.t\(index + 1)") }
    lines.append(items.joined(separator: ",\n"))
    lines.append("  FROM \(dialect.table(tables.scores)) AS s")
    lines.append("  LEFT JOIN feature_values AS f ON f.\(id) = s.\(id)")
    if !fromCustomers.isEmpty { lines.append("  LEFT JOIN customer_values AS c ON c.\(id) = s.\(id)") }
    lines.append("),")
    // Every statistic but the top values in one pass over the customers, then one row per statistic: each
    // engine reads the customers once for them (Spark would compute a common table expression again for every
    // branch of a UNION).
    var sums = ["    segment", "    COUNT(*) AS size"]
    var statistics: [(statistic: String, item: String?, category: String?, value: String, comment: String?)] = [
      ("size", nil, nil, "size", nil)
    ]
    for (index, column) in numbers.enumerated() {
      let v = "v\(index + 1)"
      var comment: String? = ModelSQL.comment(column.name)
      func add(_ statistic: String, _ name: String, _ expression: String) {
        sums.append("    \(expression) AS \(name)")
        statistics.append((statistic, column.name, nil, name, comment))
        comment = nil
      }
      if column.mean || column.transform != nil {
        add("count", "count_\(v)", "COUNT(\(v))")
        add("sum", "sum_\(v)", "SUM(\(v))")
      }
      if column.transform != nil {
        add("scaled_sum", "sum_q\(index + 1)", "SUM(q\(index + 1))")
        add("scaled_squares", "squares_q\(index + 1)", "SUM(q\(index + 1) * q\(index + 1))")
      }
      if column.median {
        switch dialect {
        case .spark: add("median", "median_\(v)", "percentile_approx(\(v), 0.5, \(Self.sparkAccuracy))")
        case .postgres: add("median", "median_\(v)", "percentile_cont(0.5) WITHIN GROUP (ORDER BY \(v))")
        case .duckdb: add("median", "median_\(v)", "quantile_cont(\(v), 0.5)")
        }
      }
    }
    for (k, kpi) in kpis.enumerated() {
      guard case .share(let column, let value) = kpi.measure, let index = texts.firstIndex(of: column) else {
        continue
      }
      let name = "share_\(k + 1)"
      sums.append("    COUNT(CASE WHEN t\(index + 1) = \(dialect.text(value)) THEN 1 END) AS \(name)")
      statistics.append(
        ("share_count", column, value, name, "KPI " + ModelSQL.comment(SegmentNames.combined(kpi.label))))
    }
    lines.append("sums AS (")
    lines.append("  SELECT")
    lines.append(sums.joined(separator: ",\n"))
    lines.append("  FROM profiled")
    lines.append("  GROUP BY segment")
    lines.append(")")

    let text = dialect.textType
    let valueCases = statistics.enumerated().map { n, statistic in
      (statistic.comment.map { "      -- \($0)\n" } ?? "")
        + "      WHEN \(n + 1) THEN CAST(\(statistic.value) AS \(double))"
    }
    let rows = statistics.enumerated().map { n, statistic in
      "    (\(n + 1), \(dialect.text(statistic.statistic)), \(statistic.item.map(dialect.text) ?? "NULL"), "
        + "\(statistic.category.map(dialect.text) ?? "NULL"))"
    }
    var parts = [
      "SELECT\n  sums.segment, k.statistic, CAST(k.item AS \(text)) AS item, CAST(k.category AS \(text)) AS category,\n"
        + "  CASE k.n\n" + valueCases.joined(separator: "\n") + "\n  END AS value\n"
        + "FROM sums CROSS JOIN (VALUES\n" + rows.joined(separator: ",\n") + "\n) AS k (n, statistic, item, category)"
    ]
    let byLabel = dialect == .postgres ? " COLLATE \"C\"" : ""
    for (index, column) in categories.enumerated() {
      let t = "t\((texts.firstIndex(of: column) ?? index) + 1)"
      parts.append(
        "-- \(ModelSQL.comment(column)): the three most frequent values\n"
          + "SELECT segment, \(dialect.text("top")), \(dialect.text(column)), category, CAST(n AS \(double)) FROM (\n"
          + "  SELECT segment, \(t) AS category, COUNT(*) AS n,\n"
          + "    ROW_NUMBER() OVER (PARTITION BY segment ORDER BY COUNT(*) DESC, \(t)\(byLabel)) AS r\n"
          + "  FROM profiled WHERE \(t) IS NOT NULL GROUP BY segment, \(t)\n"
          + ") AS ranked WHERE r <= 3")
    }
    lines.append(parts.joined(separator: "\nUNION ALL\n"))
    lines.append("ORDER BY 1, 2, 3, 4;")
    return lines.joined(separator: "\n") + "\n"
  }
}
