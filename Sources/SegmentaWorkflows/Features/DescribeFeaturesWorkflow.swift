import SegmentaCore
import SegmentaStore

/// `segmenta features describe`: statistics of every feature of a period and every numeric
/// customer column (count, missing, mean, std, percentiles, skewness; see ``ColumnSummary``).
package struct DescribeFeaturesWorkflow: Workflow {
  /// One described column.
  package struct Column: Sendable, Codable {
    package var name: String
    /// `feature` (of the period) or `customer` (a customer column).
    package var source: String
    /// The feature's English label; nil for customer columns.
    package var label: String?
    package var summary: ColumnSummary
    /// Customers per category of a categorical feature (a mode or bands; the summary then describes
    /// the codes); nil for numbers.
    package var categories: [CategoryCount]?
  }

  package struct Output: Sendable, Codable {
    /// The period described; nil when no wide table was built yet.
    package var period: String?
    /// Customers described: the period's rows, else every customer.
    package var customers: Int
    package var columns: [Column]
  }

  /// The period (default: the latest, if any).
  package var period: String?

  package init(period: String? = nil) {
    self.period = period
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace(for: .read)
    var columns: [Column] = []
    let keys: [Int64]
    let table = try workspace.wideTableIfBuilt(period: period)
    if let table {
      keys = table.customerKeys
      let summaries = ParallelBlocks.map(count: table.features.count) { ColumnSummary(table.features[$0].values) }
      for (feature, summary) in zip(table.features, summaries) {
        columns.append(
          Column(
            name: feature.name, source: "feature", label: feature.label.en, summary: summary,
            categories: CategoryCount.counts(feature.values, categories: feature.categories)))
      }
    } else {
      keys = try workspace.customerKeys()
    }
    // Personal columns are never described, whatever their type.
    let numeric = try workspace.customerColumns().filter { $0.type.isNumeric && !$0.personal }
    let values = try workspace.customerValues(columns: numeric.map(\.name), keys: keys)
    let customerSummaries = ParallelBlocks.map(count: numeric.count) { index in
      ColumnSummary(values[numeric[index].name]?.values ?? [])
    }
    for (column, summary) in zip(numeric, customerSummaries) {
      columns.append(Column(name: column.name, source: "customer", label: nil, summary: summary))
    }
    return Output(period: table?.period.label, customers: keys.count, columns: columns)
  }
}
