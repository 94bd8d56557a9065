/// Customers' model inputs with identical rows merged into one row and a weight (the number of
/// customers who share it), as Fader and Hardie condense their data and lifetimes' `weights` accept.
public struct WeightedRows: Sendable, Equatable {
  /// Each distinct row's values, one array per input (for example frequency, recency and age).
  public var columns: [[Double]]
  /// How many customers share each row.
  public var weights: [Double]
  /// For every original row, the index of its distinct row.
  public var rowOfCustomer: [Int32]

  /// The number of distinct rows.
  public var count: Int { weights.count }

  /// Merges the rows of `columns` (all of one length) whose values are identical bit for bit,
  /// keeping the distinct rows in order of first appearance.
  public init(merging columns: [[Double]]) {
    let n = columns.first?.count ?? 0
    var index: [RowKey: Int32] = [:]
    index.reserveCapacity(min(n, 1 << 20))
    var distinct = [[Double]](repeating: [], count: columns.count)
    var weights: [Double] = []
    var rowOfCustomer = [Int32](repeating: 0, count: n)
    for row in 0..<n {
      let key = RowKey(
        a: columns.count > 0 ? columns[0][row].bitPattern : 0, b: columns.count > 1 ? columns[1][row].bitPattern : 0,
        c: columns.count > 2 ? columns[2][row].bitPattern : 0)
      if let known = index[key] {
        weights[Int(known)] += 1
        rowOfCustomer[row] = known
      } else {
        let position = Int32(weights.count)
        index[key] = position
        weights.append(1)
        for c in columns.indices { distinct[c].append(columns[c][row]) }
        rowOfCustomer[row] = position
      }
    }
    self.columns = distinct
    self.weights = weights
    self.rowOfCustomer = rowOfCustomer
  }

  private struct RowKey: Hashable {
    var a: UInt64
    var b: UInt64
    var c: UInt64
  }
}
