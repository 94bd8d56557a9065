// Lloyd's iterations: the update of the centres, the stopping rules and empty clusters.
extension KMeans {
  /// Lloyd iterations from `centres` until the squared centre shift is within tolerance, the
  /// labels stop changing, or the iteration limit.
  ///
  /// The iterations are Lloyd's, accelerated with Hamerly's bounds (Hamerly 2010; see
  /// ``boundedPass(_:centres:k:state:full:tighten:)``): rows whose bounds prove that their centre
  /// cannot change skip the distance computation, and cluster sums are updated only for rows that
  /// move. Labels are always decided by the same nearest-centre kernel as a plain Lloyd step, so
  /// the result equals scikit-learn's `KMeans(init=centres, n_init=1, algorithm="lloyd")` up to
  /// Float32 rounding.
  public static func lloyd(_ matrix: FeatureMatrix, centres initial: [Float], k: Int, options: KMeansOptions)
    -> KMeansResult
  {
    let n = matrix.rows
    let stride = matrix.stride
    let tolerance = options.tolerance > 0 ? options.tolerance * (options.meanVariance ?? meanVariance(matrix)) : 0
    let state = BoundState(rows: n, k: k, passes: options.maxIterations + 2)
    var centres = initial
    var sums = [Double](repeating: 0, count: k * stride)
    var counts = [Int](repeating: 0, count: k)
    var fullPass = true
    var iterations = 0
    var strict = false
    var squaredNorms = 0.0
    var tighten = false
    while iterations < options.maxIterations {
      let pass = boundedPass(matrix, centres: centres, k: k, state: state, full: fullPass, tighten: tighten)
      // Tightening bounds pays once most rows stay put; in the first passes they mostly do not.
      tighten = pass.recomputed * 4 < n
      pass.fold(into: &sums, counts: &counts, squaredNorms: &squaredNorms, full: fullPass)
      var newCentres = centres
      for j in 0..<k where counts[j] > 0 {
        for f in 0..<stride { newCentres[j * stride + f] = Float(sums[j * stride + f] / Double(counts[j])) }
      }
      fullPass = false
      if counts.contains(0) {
        let labels = Array(state.labels.buffer)
        relocateEmptyClusters(
          matrix, oldCentres: centres, newSums: sums, counts: counts, labels: labels, k: k, into: &newCentres)
        // The relocated rows changed clusters in the sums only: start the next pass afresh.
        fullPass = true
      }
      var shift = 0.0
      var movements = [Double](repeating: 0, count: k)
      for j in 0..<k {
        var squared = 0.0
        for f in 0..<stride {
          let d = Double(newCentres[j * stride + f]) - Double(centres[j * stride + f])
          squared += d * d
        }
        shift += squared
        movements[j] = squared.squareRoot() * (1 + 1e-6) + 1e-12
      }
      state.recordDrift(movements)
      centres = newCentres
      iterations += 1
      if pass.moves == 0 {
        strict = true
        break
      }
      if shift <= tolerance { break }
    }
    if !strict {
      // The labels must match the final centres: one more assignment step.
      let pass = boundedPass(matrix, centres: centres, k: k, state: state, full: fullPass, tighten: tighten)
      pass.fold(into: &sums, counts: &counts, squaredNorms: &squaredNorms, full: fullPass)
    }
    // Σ over clusters of Σ‖x − c‖² = Σ‖x‖² − 2c·S + n‖c‖², from the exact Float64 sums S: no pass
    // over the data is needed.
    var inertia = squaredNorms
    for j in 0..<k {
      var dot = 0.0
      var norm = 0.0
      for f in 0..<stride {
        let c = Double(centres[j * stride + f])
        dot += c * sums[j * stride + f]
        norm += c * c
      }
      inertia += Double(counts[j]) * norm - 2 * dot
    }
    return KMeansResult(
      k: k, centres: centres, labels: Array(state.labels.buffer), sizes: counts, inertia: max(0, inertia),
      iterations: iterations, converged: iterations < options.maxIterations || strict)
  }

  /// Moves each empty cluster's centre to one of the rows farthest from their (old) centre, taking
  /// that row away from its cluster, as scikit-learn does.
  static func relocateEmptyClusters(
    _ matrix: FeatureMatrix, oldCentres: [Float], newSums: [Double], counts: [Int], labels: [Int32], k: Int,
    into centres: inout [Float]
  ) {
    let empty = (0..<k).filter { counts[$0] == 0 }
    guard !empty.isEmpty else { return }
    let stride = matrix.stride
    var distances = [Double](repeating: 0, count: matrix.rows)
    for row in 0..<matrix.rows {
      let label = Int(labels[row])
      var total = 0.0
      for f in 0..<matrix.columns {
        let d = Double(matrix.values[row * stride + f]) - Double(oldCentres[label * stride + f])
        total += d * d
      }
      distances[row] = total
    }
    let farthest = distances.indices.sorted {
      distances[$0] > distances[$1] || (distances[$0] == distances[$1] && $0 < $1)
    }
    var sums = newSums
    var sizes = counts
    for (position, cluster) in empty.enumerated() where position < farthest.count {
      let row = farthest[position]
      let old = Int(labels[row])
      for f in 0..<stride {
        let value = Double(matrix.values[row * stride + f])
        sums[old * stride + f] -= value
        sums[cluster * stride + f] = value
      }
      sizes[old] -= 1
      sizes[cluster] = 1
    }
    for j in 0..<k where sizes[j] > 0 {
      for f in 0..<stride { centres[j * stride + f] = Float(sums[j * stride + f] / Double(sizes[j])) }
    }
  }

  /// The mean over features of the population variance (scikit-learn's tolerance scale), from
  /// per-chunk sums and sums of squared deviations combined exactly (Chan, Golub & LeVeque).
  static func meanVariance(_ matrix: FeatureMatrix) -> Double {
    let stride = matrix.stride
    let chunks = Parallel.chunkCount(matrix.rows)
    let means = SharedBuffer<Double>(count: chunks * stride)
    let squares = SharedBuffer<Double>(count: chunks * stride)
    matrix.values.withSharedPointer { x in
      Parallel.forEachChunk(rows: matrix.rows) { chunk, rows in
        let mean = means.pointer + chunk * stride
        let square = squares.pointer + chunk * stride
        for row in rows {
          for f in 0..<stride { mean[f] += Double(x.base[row * stride + f]) }
        }
        for f in 0..<stride { mean[f] /= Double(rows.count) }
        for row in rows {
          for f in 0..<stride {
            let d = Double(x.base[row * stride + f]) - mean[f]
            square[f] += d * d
          }
        }
      }
    }
    var total = 0.0
    for f in 0..<matrix.columns {
      var count = 0.0
      var mean = 0.0
      var square = 0.0
      for chunk in 0..<chunks {
        let n = Double(min(Parallel.chunkRows, matrix.rows - chunk * Parallel.chunkRows))
        let chunkMean = means.pointer[chunk * stride + f]
        let delta = chunkMean - mean
        let combined = count + n
        square += squares.pointer[chunk * stride + f] + delta * delta * count * n / combined
        mean += delta * n / combined
        count = combined
      }
      total += square / Double(matrix.rows)
    }
    return total / Double(max(1, matrix.columns))
  }
}
