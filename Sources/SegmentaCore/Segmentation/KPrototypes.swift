/// Huang's k-prototypes clustering of mixed numeric and categorical data (Huang 1997, 1998), with the
/// updates of the `kmodes` Python package's `KPrototypes`.
///
/// The dissimilarity of a row x to a prototype (c, m) is d(x, c) = Σ_f (x_f − c_f)² + γ · #{j : x_j ≠ m_j}:
/// the squared Euclidean distance of the numeric part plus γ times the number of categorical columns
/// whose value differs from the prototype's mode. The cost is Σ over rows of d to the nearest
/// prototype (kmodes' `cost_`).
///
/// One start, as kmodes' `_k_prototypes_single` does:
/// 1. every row is assigned to the nearest starting prototype (in parallel over rows); a cluster
///    left empty takes a seeded random row of the largest cluster;
/// 2. prototypes become the members' means and modes;
/// 3. a pass visits the rows in order and moves a row whose nearest prototype (the lowest index
///    among equals, as `numpy.argmin`) is not its cluster's, updating both clusters' means and modes
///    at once (Huang's incremental update; this pass is sequential by nature). A mode changes on
///    the receiving side only when another value's count exceeds the mode's; on the losing side it
///    is recounted when the leaving value was the mode, ties going to the smallest code (kmodes'
///    `get_max_value_key`). A cluster emptied by a move takes a seeded random row of the largest
///    cluster (kmodes does the same, but leaves that cluster's numeric prototype until its next move;
///    here both prototypes are updated at once);
/// 4. after each pass, every row's nearest prototype and the cost are computed again (in parallel);
///    the start stops when no row moved, the cost did not fall, or after `maxIterations` passes.
/// The labels returned are those nearest prototypes, as kmodes' `labels_`.
public enum KPrototypes {
  /// kmodes' default γ: half the mean of the numeric features' population standard deviations,
  /// 0.5 · mean_f σ_f (`0.5 * np.mean(Xnum.std(axis=0))`); 0 without numeric features.
  public static func defaultGamma(_ data: MixedMatrix) -> Double {
    let (_, deviations) = columnMoments(data)
    guard !deviations.isEmpty else { return 0 }
    return 0.5 * deviations.reduce(0, +) / Double(deviations.count)
  }

  /// The mean and population standard deviation of each numeric column.
  static func columnMoments(_ data: MixedMatrix) -> (means: [Double], deviations: [Double]) {
    let p = data.numericColumns
    var means = [Double](repeating: 0, count: p)
    var squares = [Double](repeating: 0, count: p)
    guard data.rows > 0 else { return (means, squares) }
    data.numeric.withUnsafeBufferPointer { x in
      for row in 0..<data.rows {
        for f in 0..<p { means[f] += x[row * p + f] }
      }
      for f in 0..<p { means[f] /= Double(data.rows) }
      for row in 0..<data.rows {
        for f in 0..<p {
          let d = x[row * p + f] - means[f]
          squares[f] += d * d
        }
      }
    }
    return (means, squares.map { ($0 / Double(data.rows)).squareRoot() })
  }

  /// Fits `options.restarts` seeded starts (kmodes' Huang initialisation, see
  /// ``huangStart(_:k:using:)``) and keeps the lowest cost (the first among equals).
  ///
  /// Start r draws from `SplitMix64(seed: options.seed).split(r)`, so a seed gives the same result
  /// on any machine and with any number of cores.
  public static func fit(_ data: MixedMatrix, options: KPrototypesOptions) -> KPrototypesResult {
    precondition(options.k >= 1 && options.k <= data.rows, "k must be between 1 and the number of rows")
    var best: KPrototypesResult?
    var costs: [Double] = []
    for start in 0..<max(1, options.restarts) {
      var rng = SplitMix64(seed: options.seed).split(UInt64(start))
      let (numeric, modes) = huangStart(data, k: options.k, using: &rng)
      let run = fit(
        data, numeric: numeric, modes: modes, gamma: options.gamma, maxIterations: options.maxIterations, using: &rng)
      costs.append(run.cost)
      if best == nil || run.cost < best?.cost ?? .infinity {
        best = run
        best?.chosenStart = start
      }
    }
    guard var result = best else { preconditionFailure("at least one start runs") }
    result.starts = costs
    return result
  }

  /// kmodes' Huang initialisation, seeded.
  ///
  /// For each categorical column, k values are drawn from the column's values (so with their
  /// frequencies); each drawn mode vector is then replaced by the categorical
  /// values of the nearest row (fewest mismatches, the lowest row among equals) that does not equal a
  /// prototype already chosen, when there is one. The numeric part is drawn as kmodes does,
  /// mean_f + N(0, 1) · σ_f per feature.
  public static func huangStart(_ data: MixedMatrix, k: Int, using rng: inout SplitMix64) -> (
    numeric: [Double], modes: [UInt32]
  ) {
    let n = data.rows
    let m = data.categoricalColumns
    let p = data.numericColumns
    var drawn = [UInt32](repeating: 0, count: k * m)
    for c in 0..<m {
      for j in 0..<k { drawn[j * m + c] = data.categorical[Int.random(in: 0..<n, using: &rng) * m + c] }
    }
    var modes = [UInt32](repeating: 0, count: k * m)
    data.categorical.withUnsafeBufferPointer { codes in
      for j in 0..<k {
        var best = -1
        var bestMismatches = Int.max
        var fallback = 0
        var fallbackMismatches = Int.max
        for row in 0..<n {
          var mismatches = 0
          for c in 0..<m where codes[row * m + c] != drawn[j * m + c] { mismatches += 1 }
          if mismatches < fallbackMismatches {
            fallback = row
            fallbackMismatches = mismatches
          }
          guard mismatches < bestMismatches else { continue }
          let taken = (0..<j).contains { chosen in (0..<m).allSatisfy { codes[row * m + $0] == modes[chosen * m + $0] }
          }
          if !taken {
            best = row
            bestMismatches = mismatches
          }
        }
        let row = best >= 0 ? best : fallback
        for c in 0..<m { modes[j * m + c] = codes[row * m + c] }
      }
    }
    let (means, deviations) = columnMoments(data)
    var numeric = [Double](repeating: 0, count: k * p)
    for j in 0..<k {
      for f in 0..<p { numeric[j * p + f] = means[f] + rng.nextNormal() * deviations[f] }
    }
    return (numeric, modes)
  }

  /// One start from the given prototypes (`k × numericColumns` values and `k × categoricalColumns`
  /// modes), as kmodes' `KPrototypes(init=[numeric, modes], n_init=1)`; `rng` reseeds emptied
  /// clusters.
  public static func fit(
    _ data: MixedMatrix, numeric start: [Double], modes startModes: [UInt32], gamma: Double, maxIterations: Int,
    using rng: inout SplitMix64
  ) -> KPrototypesResult {
    var state = State(data: data, numeric: start, modes: startModes, gamma: gamma)
    let initial = nearest(data, numeric: start, modes: startModes, k: state.k, gamma: gamma).labels
    state.gather(initial, using: &rng)
    var cost = Self.cost(nearest(data, numeric: state.numeric, modes: state.modes, k: state.k, gamma: gamma).distances)
    var labels = initial
    var iterations = 0
    var converged = false
    while iterations < maxIterations && !converged {
      iterations += 1
      let moves = state.pass(using: &rng)
      let assigned = nearest(data, numeric: state.numeric, modes: state.modes, k: state.k, gamma: gamma)
      let next = Self.cost(assigned.distances)
      labels = assigned.labels
      converged = moves == 0 || next >= cost
      cost = next
    }
    var sizes = [Int](repeating: 0, count: state.k)
    for label in labels { sizes[Int(label)] += 1 }
    return KPrototypesResult(
      k: state.k, numeric: state.numeric, modes: state.modes, labels: labels, sizes: sizes, cost: cost,
      iterations: iterations, converged: converged)
  }

  /// Σ of the distances in row order (as kmodes adds them).
  static func cost(_ distances: [Double]) -> Double { distances.reduce(0, +) }

  /// The nearest of the `k` prototypes for every row (the lowest index among equals) and the
  /// dissimilarity to it, in parallel over rows.
  public static func nearest(_ data: MixedMatrix, numeric: [Double], modes: [UInt32], k: Int, gamma: Double) -> (
    labels: [Int32], distances: [Double]
  ) {
    let p = data.numericColumns
    let m = data.categoricalColumns
    var labels = [Int32](repeating: 0, count: data.rows)
    var distances = [Double](repeating: 0, count: data.rows)
    labels.withSharedMutablePointer { labelPointer in
      distances.withSharedMutablePointer { distancePointer in
        data.numeric.withSharedPointer { x in
          data.categorical.withSharedPointer { codes in
            numeric.withSharedPointer { centres in
              modes.withSharedPointer { modePointer in
                Parallel.forEachChunk(rows: data.rows) { _, rows in
                  for row in rows {
                    var best: Int32 = 0
                    var bestDistance = Double.infinity
                    for j in 0..<k {
                      let d = dissimilarity(
                        x.base + row * p, codes.base + row * m, centres.base + j * p, modePointer.base + j * m,
                        p: p, m: m, gamma: gamma)
                      if d < bestDistance {
                        best = Int32(j)
                        bestDistance = d
                      }
                    }
                    labelPointer.base[row] = best
                    distancePointer.base[row] = bestDistance
                  }
                }
              }
            }
          }
        }
      }
    }
    return (labels, distances)
  }

  /// Σ_f (x_f − c_f)² + γ · #{j : code_j ≠ mode_j}, the numeric sum in feature order.
  @inline(__always)
  static func dissimilarity(
    _ x: UnsafePointer<Double>, _ codes: UnsafePointer<UInt32>, _ centre: UnsafePointer<Double>,
    _ mode: UnsafePointer<UInt32>, p: Int, m: Int, gamma: Double
  ) -> Double {
    var squared = 0.0
    for f in 0..<p {
      let d = centre[f] - x[f]
      squared += d * d
    }
    var mismatches = 0
    for j in 0..<m where codes[j] != mode[j] { mismatches += 1 }
    return squared + gamma * Double(mismatches)
  }

  /// The cost of one cluster holding every row: Σ ‖x − mean‖² + γ · Σ_j (rows − the count of column
  /// j's most frequent value), the W(1) of the drop ratios.
  public static func singleClusterCost(_ data: MixedMatrix, gamma: Double) -> Double {
    let (_, deviations) = columnMoments(data)
    var total = deviations.reduce(0) { $0 + $1 * $1 } * Double(data.rows)
    let m = data.categoricalColumns
    for c in 0..<m {
      var counts = [Int: Int]()
      for row in 0..<data.rows { counts[Int(data.categorical[row * m + c]), default: 0] += 1 }
      total += gamma * Double(data.rows - (counts.values.max() ?? 0))
    }
    return total
  }

  /// The prototypes embedded as ``MixedMatrix/embedded(gamma:)`` embeds rows: the means, then √(γ/2)
  /// at each mode's indicator; one point per prototype, for Ward linkage.
  public static func embeddedPrototypes(
    numeric: [Double], modes: [UInt32], k: Int, levels: [Int], gamma: Double
  ) -> [[Double]] {
    let p = k == 0 ? 0 : numeric.count / k
    let m = levels.count
    let scale = (gamma / 2).squareRoot()
    return (0..<k).map { j in
      var point = Array(numeric[j * p..<(j + 1) * p])
      for c in 0..<m {
        var indicators = [Double](repeating: 0, count: levels[c])
        let code = Int(modes[j * m + c])
        if code < levels[c] { indicators[code] = scale }
        point.append(contentsOf: indicators)
      }
      return point
    }
  }
}
