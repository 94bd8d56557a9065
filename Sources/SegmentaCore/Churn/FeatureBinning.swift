import Dispatch

/// Each feature's bin thresholds for histogram gradient boosting: up to 255 bins of values plus
/// one bin (255) for missing values.
///
/// Equals scikit-learn's `_BinMapper`: with at most `maxBins` distinct values (of a sample of at most
/// `sampleLimit` rows) the thresholds are the midpoints between consecutive distinct values; with
/// more, they are the percentiles 100·k/maxBins, k = 1 … maxBins − 1, of the sample, each the
/// midpoint of its two nearest order statistics (numpy's `method="midpoint"`), duplicates removed.
/// A value's bin is the number of thresholds below it.
public struct FeatureBinning: Sendable, Equatable, Codable {
  /// The bin of a missing value.
  public static let missingBin: UInt8 = 255

  /// Each feature's thresholds, ascending.
  public var thresholds: [[Double]]

  /// Creates a binning from its thresholds.
  public init(thresholds: [[Double]]) {
    self.thresholds = thresholds
  }

  /// Fits thresholds on `rows` of `columns` (NaN missing), sampling `sampleLimit` of them with a
  /// generator seeded by `seed` when there are more.
  public static func fit(
    columns: [[Double]], rows: [Int], maxBins: Int = 255, sampleLimit: Int = 200_000, seed: UInt64 = 0
  ) -> FeatureBinning {
    precondition(maxBins >= 2 && maxBins <= 255, "between 2 and 255 bins")
    var sample = rows
    if rows.count > sampleLimit {
      var rng = SplitMix64(seed: seed)
      // A partial Fisher–Yates shuffle picks the sample without replacement.
      for i in 0..<sampleLimit {
        let j = i + Int(rng.next(upperBound: UInt64(sample.count - i)))
        sample.swapAt(i, j)
      }
      sample.removeLast(sample.count - sampleLimit)
    }
    let rowsSampled = sample
    let thresholds = ParallelBlocks.map(count: columns.count) { feature -> [Double] in
      let column = columns[feature]
      var values = rowsSampled.compactMap { column[$0].isNaN ? nil : column[$0] }
      values.sort()
      var distinct: [Double] = []
      for value in values where distinct.last != value { distinct.append(value) }
      guard distinct.count > 1 else { return [] }
      if distinct.count <= maxBins {
        return (0..<(distinct.count - 1)).map { (distinct[$0] + distinct[$0 + 1]) / 2 }
      }
      var cuts: [Double] = []
      let last = Double(values.count - 1)
      for k in 1..<maxBins {
        let position = Double(k) * 100 / Double(maxBins) / 100 * last
        let below = values[Int(position.rounded(.down))]
        let above = values[Int(position.rounded(.up))]
        let cut = (below + above) / 2
        if cuts.last != cut { cuts.append(cut) }
      }
      return cuts
    }
    return FeatureBinning(thresholds: thresholds)
  }

  /// The number of bins holding values of `feature` (its thresholds + 1).
  public func valueBins(_ feature: Int) -> Int { thresholds[feature].count + 1 }

  /// The bins of `rows` of `columns` (every row when nil), feature after feature: feature f of row
  /// i at `f · rows + i`.
  public func bin(columns: [[Double]], rows: [Int]? = nil) -> [UInt8] {
    let count = rows?.count ?? columns.first?.count ?? 0
    var bins = [UInt8](repeating: 0, count: max(1, count * columns.count))
    bins.withSharedMutablePointer { target in
      DispatchQueue.concurrentPerform(iterations: columns.count) { feature in
        let cuts = thresholds[feature]
        let column = columns[feature]
        let out = target.base + feature * count
        cuts.withUnsafeBufferPointer { cuts in
          column.withUnsafeBufferPointer { values in
            for i in 0..<count {
              let value = values[rows?[i] ?? i]
              if value.isNaN {
                out[i] = Self.missingBin
                continue
              }
              var low = 0
              var high = cuts.count
              while low < high {
                let middle = (low + high) / 2
                if value <= cuts[middle] { high = middle } else { low = middle + 1 }
              }
              out[i] = UInt8(low)
            }
          }
        }
      }
    }
    return bins
  }
}
