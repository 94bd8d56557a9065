import Dispatch

/// Measures of how well rows are clustered, as scikit-learn defines them.
public enum ClusterQuality {
  /// The mean silhouette coefficient of each labeling of the same rows, −1…1.
  ///
  /// For row i with a(i) the mean distance to the other rows of its cluster and b(i) the smallest
  /// mean distance to another cluster, s(i) = (b − a) / max(a, b), and 0 for a row alone in its
  /// cluster. Equals scikit-learn's `silhouette_score` (Euclidean). Distances are computed once (in
  /// Float32, eight rows at a time, their means in Float64) and shared by all labelings, so scoring
  /// every k of an automatic-k run costs one pass.
  public static func silhouettes(_ matrix: FeatureMatrix, labelings: [[Int32]]) -> [Double] {
    let n = matrix.rows
    guard n > 1, !labelings.isEmpty else { return labelings.map { _ in 0 } }
    let stride = matrix.stride
    // For each labeling, the rows ordered by cluster: a cluster's distances are then summed from
    // one contiguous run of indices into register accumulators (no scattered read-modify-writes).
    var orders: [Int32] = []
    var bounds: [Int] = []
    var boundStarts: [Int] = []
    var clusterCounts: [Int] = []
    for labels in labelings {
      let count = Int(labels.max() ?? 0) + 1
      var sizes = [Int](repeating: 0, count: count)
      for label in labels { sizes[Int(label)] += 1 }
      var start = [Int](repeating: 0, count: count + 1)
      for c in 0..<count { start[c + 1] = start[c] + sizes[c] }
      var cursor = start
      var order = [Int32](repeating: 0, count: n)
      for (row, label) in labels.enumerated() {
        order[cursor[Int(label)]] = Int32(row)
        cursor[Int(label)] += 1
      }
      boundStarts.append(bounds.count)
      bounds += start
      orders += order
      clusterCounts.append(count)
    }
    // Distances are computed in the first labeling's cluster order, so its clusters are contiguous
    // runs of the distance array; the other labelings' orders are turned into positions in it.
    var slotOfRow = [Int32](repeating: 0, count: n)
    for (index, row) in orders[0..<n].enumerated() { slotOfRow[Int(row)] = Int32(index) }
    let firstOrder = Array(orders[0..<n])
    for index in n..<orders.count { orders[index] = slotOfRow[Int(orders[index])] }
    let scores = SharedBuffer<Double>(count: labelings.count * n)
    let flatLabels = labelings.flatMap { $0 }
    let workers = min(n, max(1, ProcessInfoShim.activeProcessorCount))
    let (counts, starts, limits) = (clusterCounts, boundStarts, bounds)
    // The rows in blocks of eight, feature by feature (block b, feature f: rows 8b…8b+7), so that one
    // row's distances to eight others come out of vertical SIMD arithmetic, with no horizontal sums.
    let columns = matrix.columns
    let blockCount = (n + 7) / 8
    var blocks = [Float](repeating: 0, count: blockCount * columns * 8)
    for (slot, row) in firstOrder.enumerated() {
      for f in 0..<columns {
        blocks[(slot / 8 * columns + f) * 8 + slot % 8] = matrix.values[Int(row) * stride + f]
      }
    }
    matrix.values.withSharedPointer { x in
      blocks.withSharedPointer { block in
        orders.withSharedPointer { order in
          flatLabels.withSharedPointer { allLabels in
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
              // Four rows at a time: each block of eight rows, once loaded, gives four rows' distances.
              var distances = [Float](repeating: 0, count: 4 * blockCount * 8)
              var sums = [Double](repeating: 0, count: counts.max() ?? 1)
              var group = worker
              while group * 4 < n {
                let first = group * 4
                // A short last group repeats its last row; the repeats are not scored.
                let rowsOfGroup = (0..<4).map { Swift.min(first + $0, n - 1) }
                distances.withUnsafeMutableBufferPointer { d in
                  let x0 = x.base + rowsOfGroup[0] * stride
                  let x1 = x.base + rowsOfGroup[1] * stride
                  let x2 = x.base + rowsOfGroup[2] * stride
                  let x3 = x.base + rowsOfGroup[3] * stride
                  let output = UnsafeMutableRawBufferPointer(d)
                  let rowBytes = blockCount * 32
                  // Each (row, block) sum is added feature by feature, in order.
                  for b in 0..<blockCount {
                    let rows = UnsafeRawPointer(block.base + b * columns * 8)
                    var s0 = SIMD8<Float>.zero
                    var s1 = SIMD8<Float>.zero
                    var s2 = SIMD8<Float>.zero
                    var s3 = SIMD8<Float>.zero
                    for f in 0..<columns {
                      let other = rows.loadUnaligned(fromByteOffset: f * 32, as: SIMD8<Float>.self)
                      let d0 = SIMD8<Float>(repeating: x0[f]) - other
                      let d1 = SIMD8<Float>(repeating: x1[f]) - other
                      let d2 = SIMD8<Float>(repeating: x2[f]) - other
                      let d3 = SIMD8<Float>(repeating: x3[f]) - other
                      s0.addProduct(d0, d0)
                      s1.addProduct(d1, d1)
                      s2.addProduct(d2, d2)
                      s3.addProduct(d3, d3)
                    }
                    output.storeBytes(of: s0.squareRoot(), toByteOffset: b * 32, as: SIMD8<Float>.self)
                    output.storeBytes(of: s1.squareRoot(), toByteOffset: rowBytes + b * 32, as: SIMD8<Float>.self)
                    output.storeBytes(of: s2.squareRoot(), toByteOffset: 2 * rowBytes + b * 32, as: SIMD8<Float>.self)
                    output.storeBytes(of: s3.squareRoot(), toByteOffset: 3 * rowBytes + b * 32, as: SIMD8<Float>.self)
                  }
                }
                for member in 0..<Swift.min(4, n - first) {
                  let i = first + member
                  distances.withUnsafeBufferPointer { all in
                    let d = UnsafeBufferPointer(
                      rebasing: all[(member * blockCount * 8)..<((member + 1) * blockCount * 8)])
                    for (index, count) in counts.enumerated() {
                      let rows = order.base + index * n
                      let start = starts[index]
                      for c in 0..<count {
                        var a0 = 0.0
                        var a1 = 0.0
                        var a2 = 0.0
                        var a3 = 0.0
                        var position = limits[start + c]
                        let end = limits[start + c + 1]
                        if index == 0 {
                          // The first labeling's cluster is one run of the distances.
                          while position + 4 <= end {
                            a0 += Double(d[position])
                            a1 += Double(d[position + 1])
                            a2 += Double(d[position + 2])
                            a3 += Double(d[position + 3])
                            position += 4
                          }
                          while position < end {
                            a0 += Double(d[position])
                            position += 1
                          }
                        }
                        while position + 4 <= end {
                          a0 += Double(d[Int(rows[position])])
                          a1 += Double(d[Int(rows[position + 1])])
                          a2 += Double(d[Int(rows[position + 2])])
                          a3 += Double(d[Int(rows[position + 3])])
                          position += 4
                        }
                        while position < end {
                          a0 += Double(d[Int(rows[position])])
                          position += 1
                        }
                        sums[c] = (a0 + a1) + (a2 + a3)
                      }
                      let own = Int(allLabels.base[index * n + i])
                      let ownSize = limits[start + own + 1] - limits[start + own]
                      var score = 0.0
                      if ownSize > 1 {
                        let a = sums[own] / Double(ownSize - 1)
                        var b = Double.infinity
                        for c in 0..<count where c != own {
                          let size = limits[start + c + 1] - limits[start + c]
                          if size > 0 { b = min(b, sums[c] / Double(size)) }
                        }
                        if b.isFinite {
                          let denominator = max(a, b)
                          score = denominator > 0 ? (b - a) / denominator : 0
                        }
                      }
                      scores.pointer[index * n + i] = score
                    }
                  }
                }
                group += workers
              }
            }
          }
        }
      }
    }
    return (0..<labelings.count).map { index in
      var total = 0.0
      for i in 0..<n { total += scores.pointer[index * n + i] }
      return total / Double(n)
    }
  }

  /// Cluster means in Float64 (`count × stride`), with the overall mean and cluster sizes.
  static func means(_ matrix: FeatureMatrix, labels: [Int32], count: Int) -> (
    means: [Double], overall: [Double], sizes: [Int]
  ) {
    let stride = matrix.stride
    let chunks = Parallel.chunkCount(matrix.rows)
    let partial = SharedBuffer<Double>(count: chunks * count * stride)
    let partialSizes = SharedBuffer<Int>(count: chunks * count)
    matrix.values.withSharedPointer { x in
      labels.withSharedPointer { l in
        Parallel.forEachChunk(rows: matrix.rows) { chunk, rows in
          let sums = partial.pointer + chunk * count * stride
          for row in rows {
            let label = Int(l.base[row])
            partialSizes.pointer[chunk * count + label] += 1
            for f in 0..<stride { sums[label * stride + f] += Double(x.base[row * stride + f]) }
          }
        }
      }
    }
    var sums = [Double](repeating: 0, count: count * stride)
    var sizes = [Int](repeating: 0, count: count)
    for chunk in 0..<chunks {
      for i in 0..<(count * stride) { sums[i] += partial.pointer[chunk * count * stride + i] }
      for j in 0..<count { sizes[j] += partialSizes.pointer[chunk * count + j] }
    }
    var overall = [Double](repeating: 0, count: stride)
    for j in 0..<count {
      for f in 0..<stride { overall[f] += sums[j * stride + f] }
    }
    for f in 0..<stride { overall[f] /= Double(matrix.rows) }
    var means = sums
    for j in 0..<count where sizes[j] > 0 {
      for f in 0..<stride { means[j * stride + f] /= Double(sizes[j]) }
    }
    return (means, overall, sizes)
  }

  /// Per-row distance to the mean of its cluster, squared or not, summed per chunk in Float64.
  static func distancesToMeans(_ matrix: FeatureMatrix, labels: [Int32], means: [Double], count: Int, squared: Bool)
    -> [Double]
  {
    let stride = matrix.stride
    let chunks = Parallel.chunkCount(matrix.rows)
    let partial = SharedBuffer<Double>(count: chunks * count)
    matrix.values.withSharedPointer { x in
      labels.withSharedPointer { l in
        means.withSharedPointer { m in
          Parallel.forEachChunk(rows: matrix.rows) { chunk, rows in
            for row in rows {
              let label = Int(l.base[row])
              var total = 0.0
              for f in 0..<matrix.columns {
                let d = Double(x.base[row * stride + f]) - m.base[label * stride + f]
                total += d * d
              }
              partial.pointer[chunk * count + label] += squared ? total : total.squareRoot()
            }
          }
        }
      }
    }
    var totals = [Double](repeating: 0, count: count)
    for chunk in 0..<chunks {
      for j in 0..<count { totals[j] += partial.pointer[chunk * count + j] }
    }
    return totals
  }

  /// The Calinski–Harabasz index (higher is better): [Σⱼ nⱼ‖μⱼ − μ‖² / (k − 1)] / [Σᵢ ‖xᵢ − μ_{label(i)}‖² / (n − k)],
  /// 1 when the within-cluster dispersion is 0; equals scikit-learn's `calinski_harabasz_score`.
  public static func calinskiHarabasz(_ matrix: FeatureMatrix, labels: [Int32]) -> Double {
    let count = Int(labels.max() ?? 0) + 1
    let (means, overall, sizes) = Self.means(matrix, labels: labels, count: count)
    let present = sizes.filter { $0 > 0 }.count
    guard present > 1 else { return .nan }
    var extra = 0.0
    for j in 0..<count where sizes[j] > 0 {
      var distance = 0.0
      for f in 0..<matrix.columns {
        let d = means[j * matrix.stride + f] - overall[f]
        distance += d * d
      }
      extra += Double(sizes[j]) * distance
    }
    let intra = distancesToMeans(matrix, labels: labels, means: means, count: count, squared: true).reduce(0, +)
    if intra == 0 { return 1 }
    return extra * Double(matrix.rows - present) / (intra * Double(present - 1))
  }

  /// The Davies–Bouldin index (lower is better, 0 at best): the mean over clusters of maxⱼ (sᵢ + sⱼ) / ‖μᵢ − μⱼ‖, with sᵢ the mean
  /// distance of cluster i's rows to its mean; equals scikit-learn's `davies_bouldin_score`.
  public static func daviesBouldin(_ matrix: FeatureMatrix, labels: [Int32]) -> Double {
    let count = Int(labels.max() ?? 0) + 1
    let (means, _, sizes) = Self.means(matrix, labels: labels, count: count)
    let clusters = (0..<count).filter { sizes[$0] > 0 }
    guard clusters.count > 1 else { return .nan }
    let totals = distancesToMeans(matrix, labels: labels, means: means, count: count, squared: false)
    let spread = clusters.map { totals[$0] / Double(sizes[$0]) }
    var centreDistances = [[Double]](repeating: [Double](repeating: 0, count: clusters.count), count: clusters.count)
    for (a, i) in clusters.enumerated() {
      for (b, j) in clusters.enumerated() {
        var distance = 0.0
        for f in 0..<matrix.columns {
          let d = means[i * matrix.stride + f] - means[j * matrix.stride + f]
          distance += d * d
        }
        centreDistances[a][b] = distance.squareRoot()
      }
    }
    if spread.allSatisfy({ abs($0) < 1e-8 }) || centreDistances.joined().allSatisfy({ abs($0) < 1e-8 }) { return 0 }
    var total = 0.0
    for a in clusters.indices {
      var worst = -Double.infinity
      for b in clusters.indices where b != a {
        let distance = centreDistances[a][b] == 0 ? Double.infinity : centreDistances[a][b]
        worst = max(worst, (spread[a] + spread[b]) / distance)
      }
      total += worst
    }
    return total / Double(clusters.count)
  }

  /// The adjusted Rand index of two labelings of the same rows (Hubert & Arabie 1985), computed from
  /// the pair confusion matrix exactly as scikit-learn's `adjusted_rand_score`.
  public static func adjustedRandIndex<A: Hashable, B: Hashable>(_ truth: [A], _ predicted: [B]) -> Double {
    precondition(truth.count == predicted.count, "two labelings of the same rows")
    let n = Int128(truth.count)
    var rows: [A: Int] = [:]
    var columns: [B: Int] = [:]
    var cells: [Int: Int128] = [:]
    for (a, b) in zip(truth, predicted) {
      let r =
        rows[a]
        ?? {
          rows[a] = rows.count
          return rows.count - 1
        }()
      let c =
        columns[b]
        ?? {
          columns[b] = columns.count
          return columns.count - 1
        }()
      cells[r << 32 | c, default: 0] += 1
    }
    var rowSums = [Int128](repeating: 0, count: rows.count)
    var columnSums = [Int128](repeating: 0, count: columns.count)
    var sumSquares: Int128 = 0
    for (key, value) in cells {
      rowSums[key >> 32] += value
      columnSums[key & 0xFFFF_FFFF] += value
      sumSquares += value * value
    }
    var rowDot: Int128 = 0
    var columnDot: Int128 = 0
    for (key, value) in cells {
      columnDot += value * columnSums[key & 0xFFFF_FFFF]
      rowDot += value * rowSums[key >> 32]
    }
    let tp = sumSquares - n
    let fp = columnDot - sumSquares
    let fn = rowDot - sumSquares
    let tn = n * n - fp - fn - sumSquares
    if fn == 0 && fp == 0 { return 1 }
    let numerator = 2 * (tp * tn - fn * fp)
    let denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn)
    return Double(numerator) / Double(denominator)
  }
}
