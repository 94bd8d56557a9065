/// Customers counted in the cells of two or three labelings (for example value tier × churn-risk
/// band, or segment × value tier × churn band), with a value summed per cell, the value at risk
/// and the mean of KPI columns: the retention views of the brief ("who to save first").
public struct CrossTable: Sendable, Codable, Equatable {
  /// One labeling of the customers.
  public struct Dimension: Sendable, Codable, Equatable {
    /// Its name (a segmentation's name, say).
    public var name: String
    /// The labels of its values, in order.
    public var labels: [String]
  }

  /// One combination of labels.
  public struct Cell: Sendable, Codable, Equatable {
    /// The label of each dimension, in dimension order.
    public var labels: [String]
    /// Customers in the cell.
    public var customers: Int
    /// Their share of the customers counted.
    public var share: Double
    /// The value column summed over the cell's customers with a value (nil without a value column).
    public var value: Double?
    /// Σ value × churn probability over the cell (nil without both columns): the value expected
    /// to leave with the customers who churn.
    public var valueAtRisk: Double?
    /// The mean of each KPI column over the cell's customers with a value (nil when none has one).
    public var kpis: [Double?]
  }

  /// The dimensions, in order.
  public var dimensions: [Dimension]
  /// The KPI columns' names, in the order of each cell's ``Cell/kpis``.
  public var kpiNames: [String]
  /// Every combination holding at least one customer, by value at risk, then value, then
  /// customers (largest first), then label order.
  public var cells: [Cell]
  /// Customers counted: those with a label in every dimension.
  public var customers: Int

  /// Crosses `dimensions` (each: a name, its labels and one label index per customer, −1 for none).
  ///
  /// - Parameters:
  ///   - value: one value per customer (NaN missing), summed per cell.
  ///   - churnProbability: one probability per customer (NaN missing); with `value`, the value at
  ///     risk Σ value × probability over the customers with both.
  ///   - kpis: columns whose mean per cell is shown.
  public static func build(
    dimensions: [(name: String, labels: [String], assignment: [Int32])], value: [Double]? = nil,
    churnProbability: [Double]? = nil, kpis: [(name: String, values: [Double])] = []
  ) -> CrossTable {
    precondition(!dimensions.isEmpty, "at least one dimension")
    let rows = dimensions[0].assignment.count
    precondition(dimensions.allSatisfy { $0.assignment.count == rows }, "one label a customer in every dimension")
    let sizes = dimensions.map(\.labels.count)
    let cellCount = sizes.reduce(1, *)
    var customers = [Int](repeating: 0, count: cellCount)
    var values = [Double](repeating: 0, count: cellCount)
    var risks = [Double](repeating: 0, count: cellCount)
    var kpiSums = [Double](repeating: 0, count: cellCount * kpis.count)
    var kpiCounts = [Int](repeating: 0, count: cellCount * kpis.count)
    var counted = 0
    for row in 0..<rows {
      var cell = 0
      var labelled = true
      for (index, dimension) in dimensions.enumerated() {
        let label = Int(dimension.assignment[row])
        guard label >= 0 && label < sizes[index] else {
          labelled = false
          break
        }
        cell = cell * sizes[index] + label
      }
      guard labelled else { continue }
      counted += 1
      customers[cell] += 1
      if let value, !value[row].isNaN {
        values[cell] += value[row]
        if let churnProbability, !churnProbability[row].isNaN { risks[cell] += value[row] * churnProbability[row] }
      }
      for (k, kpi) in kpis.enumerated() where !kpi.values[row].isNaN {
        kpiSums[cell * kpis.count + k] += kpi.values[row]
        kpiCounts[cell * kpis.count + k] += 1
      }
    }
    var cells: [(index: Int, cell: Cell)] = []
    for index in 0..<cellCount where customers[index] > 0 {
      var labels: [String] = []
      var rest = index
      for dimension in dimensions.indices.reversed() {
        labels.insert(dimensions[dimension].labels[rest % sizes[dimension]], at: 0)
        rest /= sizes[dimension]
      }
      cells.append(
        (
          index,
          Cell(
            labels: labels, customers: customers[index], share: Double(customers[index]) / Double(counted),
            value: value == nil ? nil : values[index],
            valueAtRisk: value != nil && churnProbability != nil ? risks[index] : nil,
            kpis: kpis.indices.map { k in
              let count = kpiCounts[index * kpis.count + k]
              return count > 0 ? kpiSums[index * kpis.count + k] / Double(count) : nil
            })
        ))
    }
    cells.sort { a, b in
      let (x, y) = (a.cell, b.cell)
      if (x.valueAtRisk ?? 0) != (y.valueAtRisk ?? 0) { return (x.valueAtRisk ?? 0) > (y.valueAtRisk ?? 0) }
      if (x.value ?? 0) != (y.value ?? 0) { return (x.value ?? 0) > (y.value ?? 0) }
      if x.customers != y.customers { return x.customers > y.customers }
      return a.index < b.index
    }
    return CrossTable(
      dimensions: dimensions.map { Dimension(name: $0.name, labels: $0.labels) }, kpiNames: kpis.map(\.name),
      cells: cells.map(\.cell), customers: counted)
  }
}
