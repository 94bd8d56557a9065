import RealModule

// Starting points: seeded row samples and greedy k-means++.
extension KMeans {
  /// `size` distinct row indices out of `0..<count`, drawn uniformly without replacement (a partial
  /// Fisher–Yates shuffle), in ascending order; all rows when `size ≥ count`.
  public static func seededSample(count: Int, size: Int, using rng: inout SplitMix64) -> [Int] {
    guard size < count else { return Array(0..<count) }
    // The permutation is materialised lazily: only swapped positions are stored.
    var swapped: [Int: Int] = [:]
    var picked: [Int] = []
    picked.reserveCapacity(size)
    for i in 0..<size {
      let j = i + Int(rng.next() % UInt64(count - i))
      let valueJ = swapped[j] ?? j
      let valueI = swapped[i] ?? i
      swapped[j] = valueI
      picked.append(valueJ)
    }
    return picked.sorted()
  }

  /// Greedy k-means++ (Arthur & Vassilvitskii 2007, with scikit-learn's 2 + ⌊ln k⌋ local trials):
  /// the first centre is a uniform row, each further one the best of several rows drawn with
  /// probability proportional to the squared distance to the nearest chosen centre.
  ///
  /// Returns `k × stride` values in the matrix's padded layout; equals scikit-learn's
  /// `kmeans_plusplus` in method, not in random stream.
  public static func plusPlus(_ matrix: FeatureMatrix, k: Int, using rng: inout SplitMix64) -> [Float] {
    let n = matrix.rows
    let stride = matrix.stride
    var centres = [Float](repeating: 0, count: k * stride)
    let trials = 2 + Int(Double.log(Double(k)))
    let first = Int(rng.next() % UInt64(n))
    copyRow(matrix, first, into: &centres, at: 0)
    let norms = rowNorms(matrix)
    var closest = squaredDistances(matrix, norms: norms, to: Array(centres[0..<stride]), count: 1)[0]
    var potential = orderedSum(closest)
    var cumulative = [Double](repeating: 0, count: n)
    for centre in 1..<max(1, k) {
      var running = 0.0
      for i in 0..<n {
        running += Double(closest[i])
        cumulative[i] = running
      }
      var candidates: [Int] = []
      for _ in 0..<trials {
        let target = rng.nextUnit() * potential
        var low = 0
        var high = n - 1
        while low < high {
          let middle = (low + high) / 2
          if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        candidates.append(low)
      }
      var candidateRows = [Float](repeating: 0, count: trials * stride)
      for (position, row) in candidates.enumerated() { copyRow(matrix, row, into: &candidateRows, at: position) }
      let distances = squaredDistances(matrix, norms: norms, to: candidateRows, count: trials)
      var bestTrial = 0
      var bestPotential = Double.infinity
      var bestClosest: [Float] = []
      for trial in 0..<trials {
        var merged = distances[trial]
        for i in 0..<n where closest[i] < merged[i] { merged[i] = closest[i] }
        let trialPotential = orderedSum(merged)
        if trialPotential < bestPotential {
          bestPotential = trialPotential
          bestTrial = trial
          bestClosest = merged
        }
      }
      potential = bestPotential
      closest = bestClosest
      copyRow(matrix, candidates[bestTrial], into: &centres, at: centre)
    }
    return centres
  }

  /// Copies the padded row `row` of `matrix` into slot `slot` of `target` (`stride` values a slot).
  static func copyRow(_ matrix: FeatureMatrix, _ row: Int, into target: inout [Float], at slot: Int) {
    for column in 0..<matrix.stride {
      target[slot * matrix.stride + column] = matrix.values[row * matrix.stride + column]
    }
  }

  /// Squared distances of every row to each of `count` points (`count × stride` values), as
  /// ‖x‖² − 2x·c + ‖c‖² clamped at zero; one array of `rows` distances per point.
  static func squaredDistances(_ matrix: FeatureMatrix, norms: [Float], to points: [Float], count: Int) -> [[Float]] {
    let n = matrix.rows
    let stride = matrix.stride
    let pointNorms = (0..<count).map { point in
      (0..<stride).reduce(Float(0)) { $0 + points[point * stride + $1] * points[point * stride + $1] }
    }
    let output = SharedBuffer<Float>(count: count * n)
    matrix.values.withSharedPointer { x in
      points.withSharedPointer { p in
        norms.withSharedPointer { rowNorms in
          Parallel.forEachChunk(rows: n) { _, rows in
            for row in rows {
              let xr = x.base + row * stride
              for point in 0..<count {
                let pr = p.base + point * stride
                var accumulator = SIMD8<Float>.zero
                var f = 0
                while f < stride {
                  accumulator.addProduct(
                    UnsafeRawPointer(xr + f).loadUnaligned(as: SIMD8<Float>.self),
                    UnsafeRawPointer(pr + f).loadUnaligned(as: SIMD8<Float>.self))
                  f += 8
                }
                output.pointer[point * n + row] = max(0, rowNorms.base[row] - 2 * accumulator.sum() + pointNorms[point])
              }
            }
          }
        }
      }
    }
    return (0..<count).map { point in Array(output.buffer[(point * n)..<((point + 1) * n)]) }
  }

  /// ‖x‖² of every row, in Float32.
  static func rowNorms(_ matrix: FeatureMatrix) -> [Float] {
    let stride = matrix.stride
    let output = SharedBuffer<Float>(count: matrix.rows)
    matrix.values.withSharedPointer { x in
      Parallel.forEachChunk(rows: matrix.rows) { _, rows in
        for row in rows {
          var accumulator = SIMD8<Float>.zero
          var f = 0
          while f < stride {
            let v = UnsafeRawPointer(x.base + row * stride + f).loadUnaligned(as: SIMD8<Float>.self)
            accumulator.addProduct(v, v)
            f += 8
          }
          output.pointer[row] = accumulator.sum()
        }
      }
    }
    return output.array
  }

  /// The sum of `values` in Float64, in index order (so the result never depends on threads).
  static func orderedSum(_ values: [Float]) -> Double {
    var total = 0.0
    for value in values { total += Double(value) }
    return total
  }
}
