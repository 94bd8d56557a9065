@testable import SegmentaCore

/// `count` well-separated blobs of `per` rows in 5 dimensions (blob b is centred at 10b, shifted by 5
/// in dimension b mod 5, with standard deviation 0.5), and each row's blob.
func blobs(_ count: Int, per: Int, seed: UInt64) -> (matrix: FeatureMatrix, truth: [Int]) {
  var rng = SplitMix64(seed: seed)
  var values: [Float] = []
  var truth: [Int] = []
  for blob in 0..<count {
    for _ in 0..<per {
      for dimension in 0..<5 {
        values.append(Float(Double(blob * 10 + (dimension == blob % 5 ? 5 : 0)) + rng.nextNormal() * 0.5))
      }
      truth.append(blob)
    }
  }
  return (FeatureMatrix(rows: count * per, columns: 5, unpadded: values), truth)
}

/// A matrix of Float32 values from Float64 row-major data without padding.
func matrix(_ rows: Int, _ columns: Int, _ data: [Double]) -> FeatureMatrix {
  FeatureMatrix(rows: rows, columns: columns, unpadded: data.map(Float.init))
}

/// |a − b| / |b|.
func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(1e-300, abs(b)) }
