// Refinement of a sample fit over all rows with mini-batches.
extension KMeans {
  /// The cluster sums and counts of one plain Lloyd assignment step.
  struct StepResult {
    /// Σ x per cluster, `k × stride`, in Float64.
    var sums: [Double]
    /// Rows per cluster.
    var counts: [Int]
  }

  /// One pass of mini-batch k-means (Sculley 2010) over all rows in a fixed order: each batch's rows
  /// pull their centre towards them with a learning rate of 1 / (rows the centre has seen).
  static func miniBatchRefine(_ matrix: FeatureMatrix, centres initial: [Float], k: Int) -> [Float] {
    let stride = matrix.stride
    var centres = initial
    var seen = [Int](repeating: 0, count: k)
    let batch = 65_536
    var start = 0
    while start < matrix.rows {
      let end = min(matrix.rows, start + batch)
      let slice = FeatureMatrix(
        rows: end - start, columns: matrix.columns, padded: Array(matrix.values[(start * stride)..<(end * stride)]))
      var labels = [Int32](repeating: 0, count: slice.rows)
      let step = lloydStep(slice, centres: centres, k: k, labels: &labels)
      for j in 0..<k where step.counts[j] > 0 {
        seen[j] += step.counts[j]
        let rate = Double(step.counts[j]) / Double(seen[j])
        for f in 0..<stride {
          let mean = step.sums[j * stride + f] / Double(step.counts[j])
          let old = Double(centres[j * stride + f])
          centres[j * stride + f] = Float(old + rate * (mean - old))
        }
      }
      start = end
    }
    return centres
  }

  /// One assignment step: labels every row with the nearest of `centres` and returns the cluster
  /// sums and counts.
  static func lloydStep(_ matrix: FeatureMatrix, centres: [Float], k: Int, labels: inout [Int32]) -> StepResult {
    let n = matrix.rows
    let stride = matrix.stride
    let table = CentreTable(centres: centres, count: k, columns: matrix.columns, stride: stride)
    let chunks = Parallel.chunkCount(n)
    let partialSums = SharedBuffer<Double>(count: chunks * k * stride)
    let countStride = k + 8
    let partialCounts = SharedBuffer<Int>(count: chunks * countStride)
    labels.withSharedMutablePointer { labelPointer in
      matrix.values.withSharedPointer { x in
        Parallel.forEachChunk(rows: n) { chunk, rows in
          table.assign(x.base, stride: stride, rows: rows, labels: labelPointer.base)
          let sums = partialSums.pointer + chunk * k * stride
          let counts = partialCounts.pointer + chunk * countStride
          for row in rows {
            let label = Int(labelPointer.base[row])
            counts[label] += 1
            add(x.base + row * stride, to: sums + label * stride, stride, sign: 1)
          }
        }
      }
    }
    var sums = [Double](repeating: 0, count: k * stride)
    var counts = [Int](repeating: 0, count: k)
    for chunk in 0..<chunks {
      for i in 0..<(k * stride) { sums[i] += partialSums.pointer[chunk * k * stride + i] }
      for j in 0..<k { counts[j] += partialCounts.pointer[chunk * countStride + j] }
    }
    return StepResult(sums: sums, counts: counts)
  }
}
