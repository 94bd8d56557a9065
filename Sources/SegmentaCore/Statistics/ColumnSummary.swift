import RealModule

/// Descriptive statistics of one numeric column, as `segmenta features describe` prints them.
///
/// - `std` is the sample standard deviation (n − 1 in the denominator), as pandas' `describe`.
/// - Percentiles interpolate linearly between order statistics: with sorted values x₀…xₙ₋₁ the
///   p-quantile is x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋) for h = (n − 1)p, as numpy's default `percentile`.
/// - `skewness` is the adjusted Fisher–Pearson coefficient G₁ = g₁·√(n(n−1))/(n−2) with
///   g₁ = m₃/m₂^{3/2}, as pandas' `Series.skew()` and `scipy.stats.skew(bias=False)`; nil for fewer
///   than three values or a constant column.
public struct ColumnSummary: Sendable, Equatable, Codable {
  /// The number of values present.
  public var count: Int
  /// The number of values missing (NaN).
  public var missing: Int
  /// The arithmetic mean of the present values; nil when there are none.
  public var mean: Double?
  /// The sample standard deviation (n − 1 denominator); nil for fewer than two values.
  public var std: Double?
  /// The smallest value.
  public var min: Double?
  /// The 1st percentile (numpy's linear interpolation).
  public var p01: Double?
  /// The 25th percentile (first quartile).
  public var p25: Double?
  /// The median (50th percentile).
  public var p50: Double?
  /// The 75th percentile (third quartile).
  public var p75: Double?
  /// The 99th percentile.
  public var p99: Double?
  /// The largest value.
  public var max: Double?
  /// The adjusted skewness G₁; nil for fewer than three values or a constant column.
  public var skewness: Double?

  /// Summarises `values`, where NaN means missing.
  public init(_ values: [Double]) {
    var present = values.filter { !$0.isNaN }
    count = present.count
    missing = values.count - present.count
    guard !present.isEmpty else { return }
    let n = Double(present.count)
    var sum = 0.0
    var low = present[0]
    var high = present[0]
    for value in present {
      sum += value
      low = Swift.min(low, value)
      high = Swift.max(high, value)
    }
    let mean = sum / n
    var m2 = 0.0
    var m3 = 0.0
    for value in present {
      let d = value - mean
      let d2 = d * d
      m2 += d2
      m3 += d2 * d
    }
    self.mean = mean
    std = present.count > 1 ? (m2 / (n - 1)).squareRoot() : nil
    min = low
    max = high
    let percentiles = Self.quantiles(selecting: &present, [0.01, 0.25, 0.50, 0.75, 0.99])
    (p01, p25, p50, p75, p99) = (percentiles[0], percentiles[1], percentiles[2], percentiles[3], percentiles[4])
    let variance = m2 / n
    if present.count > 2 && variance > 0 && variance > 1e-28 * mean * mean {
      let g1 = (m3 / n) / Double.pow(variance, 1.5)
      skewness = g1 * (n * (n - 1)).squareRoot() / (n - 2)
    }
  }

  /// The adjusted skewness G₁ of `values` (NaN missing) without sorting; nil for fewer than three
  /// values or a constant column.
  public static func skewness(_ values: [Double]) -> Double? {
    var n = 0.0
    var sum = 0.0
    for value in values where !value.isNaN {
      n += 1
      sum += value
    }
    return skewness(values, count: n, sum: sum)
  }

  /// The skewness of `values` (no NaN) whose sum, added in order, is `sum`.
  static func skewness(_ values: [Double], sum: Double) -> Double? {
    skewness(values, count: Double(values.count), sum: sum)
  }

  private static func skewness(_ values: [Double], count n: Double, sum: Double) -> Double? {
    guard n > 2 else { return nil }
    let mean = sum / n
    var m2 = 0.0
    var m3 = 0.0
    for value in values where !value.isNaN {
      let d = value - mean
      m2 += d * d
      m3 += d * d * d
    }
    let variance = m2 / n
    guard variance > 0 && variance > 1e-28 * mean * mean else { return nil }
    let g1 = (m3 / n) / Double.pow(variance, 1.5)
    return g1 * (n * (n - 1)).squareRoot() / (n - 2)
  }

  /// The p-quantile of ascending `sorted` values by linear interpolation (numpy's default).
  public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
    precondition(!sorted.isEmpty, "the quantile of no values")
    let h = Double(sorted.count - 1) * p
    let lower = Int(h.rounded(.down))
    let upper = Swift.min(lower + 1, sorted.count - 1)
    let fraction = h - Double(lower)
    return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
  }

  /// The p-quantiles of `values` (no NaN), interpolated as ``quantile(_:_:)``, found by selection
  /// in linear time instead of a full sort; `values` may be reordered.
  public static func quantiles(selecting values: inout [Double], _ ps: [Double]) -> [Double] {
    precondition(!values.isEmpty, "the quantiles of no values")
    let last = values.count - 1
    let positions = ps.map { p -> (lower: Int, upper: Int, fraction: Double) in
      let h = Double(last) * p
      let lower = Int(h.rounded(.down))
      return (lower, Swift.min(lower + 1, last), h - Double(lower))
    }
    let ranks = Set(positions.flatMap { [$0.lower, $0.upper] }).sorted()
    var found: [Int: Double]
    if values.count >= bracketMinimum, let bracketed = bracketed(values, ranks: ranks) {
      found = bracketed
    } else {
      values.withUnsafeMutableBufferPointer { buffer in
        selectAll(buffer, ranks: ranks[...], in: 0..<buffer.count)
      }
      found = [:]
      for rank in ranks { found[rank] = values[rank] }
    }
    return positions.map { position in
      let lower = found[position.lower] ?? .nan
      let upper = found[position.upper] ?? .nan
      return lower + position.fraction * (upper - lower)
    }
  }

  /// From this many values on, ranks are found by brackets (``bracketed(_:ranks:)``).
  static let bracketMinimum = 65_536

  /// The values at `ranks` (ascending), found with one pass over `values`.
  ///
  /// Floyd & Rivest's idea: a sorted stride sample of 4,096 values gives each rank a bracket of values that holds it (five
  /// standard deviations of the sample rank either side), the
  /// pass counts the values below each bracket and keeps those inside, and the rank is selected among
  /// the few kept. Exact; nil when a bracket misses its rank (then a full selection is needed).
  static func bracketed(_ values: [Double], ranks: [Int]) -> [Int: Double]? {
    let n = values.count
    let sampleSize = 4_096
    let step = n / sampleSize
    var sample = (0..<sampleSize).map { values[$0 * step] }
    sample.sort()
    // Brackets in ascending order; ranks whose windows overlap share one.
    var lows: [Double] = []
    var highs: [Double] = []
    var members: [[Int]] = []
    for rank in ranks {
      let centre = rank * sampleSize / n
      // The sample rank of a quantile p varies by √(m p (1 − p)); five of those make a miss rare.
      let p = Double(rank) / Double(n)
      let margin = Int(5 * (Double(sampleSize) * p * (1 - p)).squareRoot()) + 8
      let low = centre - margin <= 0 ? -Double.infinity : sample[centre - margin]
      let high = centre + margin >= sampleSize - 1 ? Double.infinity : sample[centre + margin]
      if let last = highs.last, low <= last {
        highs[highs.count - 1] = high
        members[members.count - 1].append(rank)
      } else {
        lows.append(low)
        highs.append(high)
        members.append([rank])
      }
    }
    let count = lows.count
    // Each bracket's values go to a buffer sized for twice the share its sample window predicts;
    // a fuller bracket (many equal values) gives up and leaves the work to a full selection.
    let capacities = (0..<count).map { index -> Int in
      let inSample = sample.filter { $0 >= lows[index] && $0 <= highs[index] }.count
      return Swift.min(n, (inSample + 1) * 2 * (n / sampleSize + 1) + 1_024)
    }
    let buffers = capacities.map { UnsafeMutablePointer<Double>.allocate(capacity: $0) }
    defer { for buffer in buffers { buffer.deallocate() } }
    let below = UnsafeMutablePointer<Int>.allocate(capacity: count)
    let filled = UnsafeMutablePointer<Int>.allocate(capacity: count)
    defer {
      below.deallocate()
      filled.deallocate()
    }
    below.initialize(repeating: 0, count: count)
    filled.initialize(repeating: 0, count: count)
    var overflow = false
    if count == 1 {
      // One bracket (a median, or quantiles close together): a pass without branches on the
      // values, which fall either side of the bracket at random.
      let (low, high, capacity, buffer) = (lows[0], highs[0], capacities[0], buffers[0])
      var under = 0
      var kept = 0
      values.withUnsafeBufferPointer { values in
        var start = 0
        while start < values.count && !overflow {
          // Whole blocks while the buffer cannot fill up in one, then a check.
          let end = Swift.min(values.count, start + Swift.max(1, capacity - kept - 1))
          for index in start..<end {
            let value = values[index]
            under &+= value < low ? 1 : 0
            buffer[kept] = value
            kept &+= (value >= low ? 1 : 0) & (value <= high ? 1 : 0)
          }
          if kept >= capacity - 1 && end < values.count { overflow = true }
          start = end
        }
      }
      below[0] = under
      filled[0] = kept
    } else {
      values.withUnsafeBufferPointer { values in
        lows.withUnsafeBufferPointer { lows in
          highs.withUnsafeBufferPointer { highs in
            capacities.withUnsafeBufferPointer { capacities in
              buffers.withUnsafeBufferPointer { buffers in
                for value in values {
                  for index in 0..<count {
                    if value < lows[index] {
                      below[index] += 1
                    } else if value <= highs[index] {
                      if filled[index] == capacities[index] {
                        overflow = true
                      } else {
                        buffers[index][filled[index]] = value
                        filled[index] += 1
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    guard !overflow else { return nil }
    var found: [Int: Double] = [:]
    for index in 0..<count {
      let local = members[index].map { $0 - below[index] }
      guard local.allSatisfy({ $0 >= 0 && $0 < filled[index] }) else { return nil }
      let buffer = UnsafeMutableBufferPointer(start: buffers[index], count: filled[index])
      selectAll(buffer, ranks: local[...], in: 0..<buffer.count)
      for (rank, position) in zip(members[index], local) { found[rank] = buffer[position] }
    }
    return found
  }

  /// Puts every rank of `ranks` (ascending, inside `range`) in place.
  ///
  /// The middle rank is selected over the whole range, the ranks below and above it within the two sides, so each level of the
  /// recursion touches every value once. A rank at either end of its range is the smallest or largest
  /// value there, found by one scan.
  static func selectAll(_ buffer: UnsafeMutableBufferPointer<Double>, ranks: ArraySlice<Int>, in range: Range<Int>) {
    guard !ranks.isEmpty, !range.isEmpty else { return }
    let middle = ranks.startIndex + ranks.count / 2
    let rank = ranks[middle]
    if rank == range.lowerBound || rank == range.upperBound - 1 {
      var best = rank
      for index in range where rank == range.lowerBound ? buffer[index] < buffer[best] : buffer[index] > buffer[best] {
        best = index
      }
      buffer.swapAt(best, rank)
    } else {
      select(buffer, rank: rank, in: range)
    }
    selectAll(buffer, ranks: ranks[ranks.startIndex..<middle], in: range.lowerBound..<rank)
    selectAll(buffer, ranks: ranks[(middle + 1)...], in: (rank + 1)..<range.upperBound)
  }

  /// Reorders `buffer[range]` so that position `rank` holds the value a sort would put there, with
  /// nothing larger before it and nothing smaller after it (median-of-three quickselect; a range
  /// that resists partitioning is sorted instead, so the worst case stays O(n log n)).
  static func select(_ buffer: UnsafeMutableBufferPointer<Double>, rank: Int, in range: Range<Int>) {
    var low = range.lowerBound
    var high = range.upperBound - 1
    var budget = 2 * (Int.bitWidth - range.count.leadingZeroBitCount) + 8
    while high > low {
      if budget == 0 {
        var part = UnsafeMutableBufferPointer(rebasing: buffer[low...high])
        part.sort()
        return
      }
      budget -= 1
      let middle = low + (high - low) / 2
      if buffer[middle] < buffer[low] { buffer.swapAt(middle, low) }
      if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
      if buffer[high] < buffer[middle] { buffer.swapAt(high, middle) }
      let pivot = buffer[middle]
      var i = low
      var j = high
      while i <= j {
        while buffer[i] < pivot { i += 1 }
        while buffer[j] > pivot { j -= 1 }
        if i <= j {
          buffer.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if rank <= j {
        high = j
      } else if rank >= i {
        low = i
      } else {
        return
      }
    }
  }
}
