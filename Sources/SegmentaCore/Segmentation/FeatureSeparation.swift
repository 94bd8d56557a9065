/// One feature's segment means in original units and its η² in the scaled space.
struct FeatureSeparation {
  /// Mean per segment (nil where the segment has no value).
  var means: [Double?]
  /// Mean over all rows with a value.
  var overall: Double?
  /// Between-segment share of the scaled feature's variance.
  var etaSquared = 0.0

  /// Separates `values` (NaN missing) by `segments` of `sizes`; η² is computed on the values as
  /// `transform` scales them for clustering, and stays 0 without a transform.
  init(values: [Double], segments: [Int32], sizes: [Int], transform: FeatureTransform?) {
    let segmentCount = sizes.count
    var sum = [Double](repeating: 0, count: segmentCount)
    var count = [Int](repeating: 0, count: segmentCount)
    var total = 0.0
    var present = 0
    for row in values.indices where !values[row].isNaN {
      let s = Int(segments[row])
      sum[s] += values[row]
      count[s] += 1
      total += values[row]
      present += 1
    }
    means = (0..<segmentCount).map { count[$0] > 0 ? sum[$0] / Double(count[$0]) : nil }
    overall = present > 0 ? total / Double(present) : nil
    guard let transform else { return }
    let scaled = values.map { Double(Float(transform.apply($0))) }
    var scaledSum = [Double](repeating: 0, count: segmentCount)
    var scaledTotal = 0.0
    for row in scaled.indices {
      scaledSum[Int(segments[row])] += scaled[row]
      scaledTotal += scaled[row]
    }
    let grand = scaledTotal / Double(max(scaled.count, 1))
    var between = 0.0
    for s in 0..<segmentCount where sizes[s] > 0 {
      let d = scaledSum[s] / Double(sizes[s]) - grand
      between += Double(sizes[s]) * d * d
    }
    var within = 0.0
    for row in scaled.indices {
      let s = Int(segments[row])
      let d = scaled[row] - scaledSum[s] / Double(sizes[s])
      within += d * d
    }
    etaSquared = between + within > 0 ? between / (between + within) : 0
  }
}
