import SegmentaCore
import SegmentaStore

/// The stored value table a page at a time: its description (as of, time unit, source, columns) and,
/// per customer, the id and every column's value (dates as YYYY-MM-DD), optionally ordered by a column
/// from the highest.
///
/// Customer ids are shown (staff look customers up by them); the table holds no personal data.
package struct ValueSummariesWorkflow: Workflow {
  /// One customer's summary.
  package struct Row: Sendable, Codable, Equatable {
    package var customerId: String
    /// The first and last purchase, YYYY-MM-DD.
    package var firstPurchase: String?
    package var lastPurchase: String?
    /// Every numeric column's value in the order of ``Output/columns`` (nil when missing).
    package var values: [Double?]
  }

  package struct Output: Sendable, Codable, Equatable {
    /// The table.
    package var table: ValuePeriodInfo
    /// Its numeric columns (the order of each row's values): the summary's, then the scores and
    /// predictions the commands added.
    package var columns: [String]
    /// The column the rows are ordered by (highest first); nil for customer order.
    package var sort: String?
    /// Customers in the table.
    package var total: Int
    package var offset: Int
    package var limit: Int
    package var items: [Row]
  }

  /// Rows skipped before the page.
  package var offset: Int
  /// Rows on the page, 1 to 500.
  package var limit: Int
  /// Order by this column, highest first (missing values last); nil keeps the customer order.
  package var sort: String?

  package init(offset: Int = 0, limit: Int = 50, sort: String? = nil) {
    self.offset = offset
    self.limit = limit
    self.sort = sort
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    guard offset >= 0 else { throw SegmentaError(.invalidRequest, "offset takes a whole number ≥ 0", field: "offset") }
    guard (1...500).contains(limit) else {
      throw SegmentaError(.invalidRequest, "limit takes a whole number from 1 to 500", field: "limit")
    }
    let workspace = try context.workspace(for: .read)
    let table = try workspace.valueTable()
    let columns = Self.order(Array(table.columns.keys)).filter { !StoredValueTable.dateColumns.contains($0) }
    var rows = Array(table.customerKeys.indices)
    if let sort {
      guard let values = table.columns[sort] else {
        throw SegmentaError(
          .notFound, "the value table has no column '\(sort)'; it has \(columns.joined(separator: ", "))", field: "sort"
        )
      }
      rows.sort { a, b in
        let x = values[a]
        let y = values[b]
        if x.isNaN != y.isNaN { return !x.isNaN }
        return x != y && !x.isNaN ? x > y : a < b
      }
    }
    let page = offset < rows.count ? Array(rows[offset..<min(rows.count, offset + limit)]) : []
    let ids = try workspace.customerIDs(keys: page.map { table.customerKeys[$0] })
    func date(_ column: String, _ row: Int) -> String? {
      guard let value = table.columns[column]?[row], value.isFinite else { return nil }
      return CivilDate.isoString(days: Int(value))
    }
    let items = page.enumerated().map { index, row in
      Row(
        customerId: ids[index], firstPurchase: date("first_purchase", row), lastPurchase: date("last_purchase", row),
        values: columns.map { column in
          let value = table.columns[column]?[row] ?? .nan
          return value.isFinite ? value : nil
        })
    }
    return Output(
      table: table.info, columns: columns, sort: sort, total: rows.count, offset: offset, limit: limit, items: items)
  }

  /// The summary columns first, in their documented order, then the others by name.
  static func order(_ names: [String]) -> [String] {
    let known = [
      "frequency", "recency", "T", "monetary_value", "total_value", "transactions", "first_purchase",
      "last_purchase", "days_since_last", "frequency_cal", "recency_cal", "T_cal", "monetary_value_cal",
      "frequency_holdout", "monetary_value_holdout", "r_score", "f_score", "m_score", "rfm_score", "p_alive",
      "expected_purchases", "expected_spend",
    ]
    let present = Set(names)
    return known.filter(present.contains) + names.filter { !known.contains($0) }.sorted()
  }
}
