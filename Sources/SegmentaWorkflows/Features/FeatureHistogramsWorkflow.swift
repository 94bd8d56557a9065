import SegmentaCore
import SegmentaStore

/// The distribution of every feature of a period and every numeric customer column that is not personal
/// data: the statistics `segmenta features describe` prints (``ColumnSummary``) and an equal-width
/// histogram, for the dashboard's data page.
///
/// The bins span the 1st to the 99th percentile (numpy's linear interpolation, as ``ColumnSummary``)
/// so that a few extreme values do not squeeze the rest into one bin; values below or above that range
/// are counted in the first or the last bin and reported separately as `below` and `above`.
package struct FeatureHistogramsWorkflow: Workflow {
  /// One column's histogram.
  package struct Histogram: Sendable, Codable, Equatable {
    package var name: String
    /// `feature` (of the period) or `customer` (a customer column).
    package var source: String
    /// The feature's English label; nil for customer columns.
    package var label: String?
    /// Count, missing, mean, standard deviation, percentiles, skewness.
    package var summary: ColumnSummary
    /// The lower edge of the first bin (the 1st percentile); nil when the column has no values.
    package var low: Double?
    /// The upper edge of the last bin (the 99th percentile).
    package var high: Double?
    /// Values per bin, the outliers included in the end bins; they add up to the values present.
    package var counts: [Int]
    /// Values below `low` (counted in the first bin).
    package var below: Int
    /// Values above `high` (counted in the last bin).
    package var above: Int
    /// Values missing.
    package var missing: Int
    /// Customers per category of a categorical feature (the bins then count codes); nil for numbers.
    package var categories: [CategoryCount]?
  }

  package struct Output: Sendable, Codable, Equatable {
    /// The period; nil when no wide table was built.
    package var period: String?
    /// Customers described: the period's rows, else every customer.
    package var customers: Int
    package var histograms: [Histogram]
  }

  /// The period (default: the latest, if any).
  package var period: String?
  /// Bins per histogram, 2 to 100.
  package var bins: Int

  package init(period: String? = nil, bins: Int = 20) {
    self.period = period
    self.bins = bins
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    guard (2...100).contains(bins) else {
      throw SegmentaError(.invalidRequest, "bins takes 2 to 100, not \(bins)", field: "bins")
    }
    let workspace = try context.workspace(for: .read)
    var columns: [(name: String, source: String, label: String?, values: [Double], categories: [String])] = []
    let keys: [Int64]
    let table = try workspace.wideTableIfBuilt(period: period)
    if let table {
      keys = table.customerKeys
      for feature in table.features {
        columns.append((feature.name, "feature", feature.label.en, feature.values, feature.categories))
      }
    } else {
      keys = try workspace.customerKeys()
    }
    // Personal columns are never shown, whatever their type.
    let numeric = try workspace.customerColumns().filter { $0.type.isNumeric && !$0.personal }
    let values = try workspace.customerValues(columns: numeric.map(\.name), keys: keys)
    for column in numeric { columns.append((column.name, "customer", nil, values[column.name]?.values ?? [], [])) }
    let bins = bins
    let all = columns
    let histograms = ParallelBlocks.map(count: all.count) { index in
      var histogram = Self.histogram(all[index].values, bins: bins, name: all[index].name, source: all[index].source)
      histogram.label = all[index].label
      histogram.categories = CategoryCount.counts(all[index].values, categories: all[index].categories)
      return histogram
    }
    return Output(period: table?.period.label, customers: keys.count, histograms: histograms)
  }

  /// The histogram of `values` (NaN missing) in `bins` equal bins from the 1st to the 99th percentile.
  package static func histogram(_ values: [Double], bins: Int, name: String, source: String) -> Histogram {
    let summary = ColumnSummary(values)
    var histogram = Histogram(
      name: name, source: source, label: nil, summary: summary, low: summary.p01, high: summary.p99,
      counts: [Int](repeating: 0, count: bins),
      below: 0, above: 0, missing: summary.missing)
    guard var low = summary.p01, var high = summary.p99 else { return histogram }
    if high <= low, let min = summary.min, let max = summary.max {
      low = min
      high = max
    }
    histogram.low = low
    histogram.high = high
    let width = high > low ? (high - low) / Double(bins) : 1
    for value in values where !value.isNaN {
      if value < low { histogram.below += 1 }
      if value > high { histogram.above += 1 }
      let bin = Int(((value - low) / width).rounded(.down))
      histogram.counts[Swift.min(bins - 1, Swift.max(0, bin))] += 1
    }
    return histogram
  }
}
