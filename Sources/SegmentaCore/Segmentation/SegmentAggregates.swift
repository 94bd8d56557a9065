/// What a profile is built from, aggregated per segment: the rows themselves are not needed once these
/// are known, so an SQL engine can compute them where the customers are (see ``FeatureSums``).
public struct SegmentAggregates: Sendable {
  /// The number of customers of each segment (0-based).
  public var sizes: [Int]
  /// Each feature's segment means, overall mean and η², in the order of the features profiled.
  public var separations: [FeatureSeparation]
  /// Each categorical column's counts of values per segment (at least the three most frequent values).
  public var categories: [(name: String, counts: [[String: Int]])]
  /// Each segment's KPI values, in the order of the KPI definitions (nil where it has no data).
  public var kpiValues: [[Double?]]

  /// Creates the aggregates of `sizes.count` segments.
  public init(
    sizes: [Int], separations: [FeatureSeparation], categories: [(name: String, counts: [[String: Int]])],
    kpiValues: [[Double?]]
  ) {
    self.sizes = sizes
    self.separations = separations
    self.categories = categories
    self.kpiValues = kpiValues
  }
}

/// One feature's sums per segment, all a ``FeatureSeparation`` needs: present values counted and added up
/// in original units, and the values as clustering saw them (missing filled, scaled, rounded to 32 bits)
/// added up and squared over every customer.
public struct FeatureSums: Sendable, Equatable {
  /// Values present, per segment.
  public var count: [Int]
  /// Sum of the present values in original units, per segment.
  public var sum: [Double]
  /// Sum of the scaled values over all customers of the segment.
  public var scaledSum: [Double]
  /// Sum of the squared scaled values over all customers of the segment.
  public var scaledSquares: [Double]

  /// Creates the sums of `count.count` segments.
  public init(count: [Int], sum: [Double], scaledSum: [Double], scaledSquares: [Double]) {
    self.count = count
    self.sum = sum
    self.scaledSum = scaledSum
    self.scaledSquares = scaledSquares
  }
}

extension FeatureSeparation {
  /// The separation from per-segment sums of segments of `sizes` customers.
  ///
  /// Means are sum ÷ count; the overall mean is Σ sum ÷ Σ count. With n_s customers, scaled sum S_s and
  /// sum of squares Q_s in segment s, N = Σ n_s and grand mean g = Σ S_s ÷ N, the between-segment sum of
  /// squares is Σ n_s (S_s ÷ n_s − g)² and the within-segment one Σ (Q_s − S_s² ÷ n_s) (each term at least
  /// 0), whose ratio to their total is η², as the row-by-row pass computes it.
  public init(sums: FeatureSums, sizes: [Int], scaled: Bool = true) {
    let segmentCount = sizes.count
    means = (0..<segmentCount).map { sums.count[$0] > 0 ? sums.sum[$0] / Double(sums.count[$0]) : nil }
    let present = sums.count.reduce(0, +)
    overall = present > 0 ? sums.sum.reduce(0, +) / Double(present) : nil
    guard scaled else { return }
    let total = sizes.reduce(0, +)
    let grand = sums.scaledSum.reduce(0, +) / Double(Swift.max(total, 1))
    var between = 0.0
    var within = 0.0
    for s in 0..<segmentCount where sizes[s] > 0 {
      let mean = sums.scaledSum[s] / Double(sizes[s])
      let d = mean - grand
      between += Double(sizes[s]) * d * d
      within += Swift.max(0, sums.scaledSquares[s] - sums.scaledSum[s] * mean)
    }
    etaSquared = between + within > 0 ? between / (between + within) : 0
  }
}
