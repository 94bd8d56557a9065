/// Rows ordered by their values, for ranks, quantile scores, cumulative shares and AUC.
public enum ValueOrder {
  /// The rows `rows` (ascending, none with a NaN value) ordered by `values[row]`, ascending or
  /// descending, equal values in row order; −0 and +0 count as equal.
  ///
  /// The same order as a stable comparison sort, computed by a least-significant-digit radix sort of
  /// each value's bits mapped to an unsigned key that orders like the number (four passes of 16 bits,
  /// a pass skipped when every key shares its digit): a million values take a few milliseconds where
  /// a comparison sort reading the values through the rows takes a hundred.
  public static func rows(_ rows: [Int], by values: [Double], descending: Bool = false) -> [Int] {
    let n = rows.count
    guard n > 1 else { return rows }
    var keys = [UInt64](repeating: 0, count: n)
    var order = [Int32](repeating: 0, count: n)
    for (i, row) in rows.enumerated() {
      let bits = (values[row] + 0).bitPattern
      let key = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
      keys[i] = descending ? ~key : key
      order[i] = Int32(i)
    }
    var counts = [Int](repeating: 0, count: 4 << 16)
    for key in keys {
      for pass in 0..<4 { counts[pass << 16 | Int((key >> (16 * UInt64(pass))) & 0xFFFF)] += 1 }
    }
    var nextKeys = [UInt64](repeating: 0, count: n)
    var nextOrder = [Int32](repeating: 0, count: n)
    for pass in 0..<4 {
      let base = pass << 16
      if counts[base..<base + (1 << 16)].contains(n) { continue }
      var offset = 0
      for digit in 0..<(1 << 16) {
        let count = counts[base + digit]
        counts[base + digit] = offset
        offset += count
      }
      let shift = 16 * UInt64(pass)
      keys.withUnsafeBufferPointer { keys in
        order.withUnsafeBufferPointer { order in
          nextKeys.withUnsafeMutableBufferPointer { nextKeys in
            nextOrder.withUnsafeMutableBufferPointer { nextOrder in
              counts.withUnsafeMutableBufferPointer { counts in
                for i in 0..<n {
                  let slot = base + Int((keys[i] >> shift) & 0xFFFF)
                  let target = counts[slot]
                  counts[slot] = target + 1
                  nextKeys[target] = keys[i]
                  nextOrder[target] = order[i]
                }
              }
            }
          }
        }
      }
      swap(&keys, &nextKeys)
      swap(&order, &nextOrder)
    }
    return order.map { rows[Int($0)] }
  }
}
