/// One feature's segment means in original units and its η² in the scaled space.
public struct FeatureSeparation: Sendable {
  /// Mean per segment (nil where the segment has no value).
  public var means: [Double?]
  /// Mean over all rows with a value.
  public var overall: Double?
  /// Between-segment share of the scaled feature's variance.
  public var etaSquared = 0.0

  /// Separates `values` (NaN missing) by `segments` of `sizes`; η² is computed on the values as
  /// `transform` scales them for clustering, and stays 0 without a transform.
  public init(values: [Double], segments: [Int32], sizes: [Int], transform: FeatureTransform?) {
    precondition(values.count == segments.count, "one segment a value")
    let segmentCount = sizes.count
    var sum = [Double](repeating: 0, count: segmentCount)
    var count = [Int](repeating: 0, count: segmentCount)
    var scaledSum = [Double](repeating: 0, count: segmentCount)
    var scaled = [Double](repeating: 0, count: transform == nil ? 0 : values.count)
    var total = 0.0
    var present = 0
    var scaledTotal = 0.0
    // One pass: the sums in original units over present values, and (with a transform) the values
    // as clustering saw them, every row counted.
    values.withUnsafeBufferPointer { values in
      segments.withUnsafeBufferPointer { segments in
        sum.withUnsafeMutableBufferPointer { sum in
          count.withUnsafeMutableBufferPointer { count in
            scaledSum.withUnsafeMutableBufferPointer { scaledSum in
              scaled.withUnsafeMutableBufferPointer { scaled in
                for row in 0..<values.count {
                  let value = values[row]
                  let s = Int(segments[row])
                  if !value.isNaN {
                    sum[s] += value
                    count[s] += 1
                    total += value
                    present += 1
                  }
                  if let transform {
                    let x = Double(Float(transform.apply(value)))
                    scaled[row] = x
                    scaledSum[s] += x
                    scaledTotal += x
                  }
                }
              }
            }
          }
        }
      }
    }
    means = (0..<segmentCount).map { count[$0] > 0 ? sum[$0] / Double(count[$0]) : nil }
    overall = present > 0 ? total / Double(present) : nil
    guard transform != nil else { return }
    let grand = scaledTotal / Double(max(scaled.count, 1))
    var between = 0.0
    for s in 0..<segmentCount where sizes[s] > 0 {
      let d = scaledSum[s] / Double(sizes[s]) - grand
      between += Double(sizes[s]) * d * d
    }
    let segmentMeans = (0..<segmentCount).map { scaledSum[$0] / Double(Swift.max(sizes[$0], 1)) }
    var within = 0.0
    scaled.withUnsafeBufferPointer { scaled in
      segments.withUnsafeBufferPointer { segments in
        segmentMeans.withUnsafeBufferPointer { segmentMeans in
          for row in 0..<scaled.count {
            let d = scaled[row] - segmentMeans[Int(segments[row])]
            within += d * d
          }
        }
      }
    }
    etaSquared = between + within > 0 ? between / (between + within) : 0
  }
}
