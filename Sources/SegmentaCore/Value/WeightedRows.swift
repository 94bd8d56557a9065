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
  ///
  /// Each column's values are numbered first (inputs such as frequency and age take few distinct
  /// values), and a row's numbers packed into one 64-bit key, so merging a million rows takes one
  /// probe of a small table per value and one per row.
  public init(merging columns: [[Double]]) {
    let n = columns.first?.count ?? 0
    let numbered = columns.map { DistinctKeys.numbering($0) }
    var radix: [UInt64] = []
    var span: UInt64 = 1
    var packs = true
    for column in numbered {
      radix.append(span)
      let (product, overflow) = span.multipliedReportingOverflow(by: UInt64(max(1, column.values.count)))
      if overflow { packs = false }
      span = product
    }
    var rows = DistinctKeys(capacity: min(n, 1 << 16))
    var firstCustomer: [Int] = []
    var weights: [Double] = []
    var rowOfCustomer = [Int32](repeating: 0, count: n)
    if packs {
      var keys = [UInt64](repeating: 0, count: n)
      for (c, column) in numbered.enumerated() {
        let multiplier = radix[c]
        column.numbers.withUnsafeBufferPointer { numbers in
          keys.withUnsafeMutableBufferPointer { keys in
            for row in 0..<n { keys[row] &+= UInt64(numbers[row]) &* multiplier }
          }
        }
      }
      for row in 0..<n {
        let number = rows.number(of: keys[row])
        if Int(number) == weights.count {
          weights.append(1)
          firstCustomer.append(row)
        } else {
          weights[Int(number)] += 1
        }
        rowOfCustomer[row] = number
      }
    } else {
      var index: [[Int32]: Int32] = [:]
      for row in 0..<n {
        let key = numbered.map { $0.numbers[row] }
        if let known = index[key] {
          weights[Int(known)] += 1
          rowOfCustomer[row] = known
        } else {
          let number = Int32(weights.count)
          index[key] = number
          weights.append(1)
          firstCustomer.append(row)
          rowOfCustomer[row] = number
        }
      }
    }
    self.columns = columns.map { column in firstCustomer.map { column[$0] } }
    self.weights = weights
    self.rowOfCustomer = rowOfCustomer
  }
}
