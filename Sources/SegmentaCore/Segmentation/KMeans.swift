import RealModule

/// Settings of a k-means fit.
public struct KMeansOptions: Sendable, Equatable, Codable {
  /// Number of clusters.
  public var k: Int
  /// Lloyd iterations at most.
  public var maxIterations: Int
  /// Convergence tolerance, relative to the data's mean per-feature variance (as scikit-learn).
  public var tolerance: Double
  /// Independent k-means++ starts; the lowest inertia wins.
  public var restarts: Int
  /// Seed of every random choice.
  public var seed: UInt64
  /// Above this many rows the model is fitted on a seeded sample and refined with mini-batches.
  public var sampleLimit: Int
  /// The data's mean per-feature variance, when already known (it scales the tolerance).
  public var meanVariance: Double?

  /// Creates options.
  public init(
    k: Int, maxIterations: Int = 300, tolerance: Double = 1e-4, restarts: Int = 4, seed: UInt64 = 42,
    sampleLimit: Int = 2_000_000, meanVariance: Double? = nil
  ) {
    self.k = k
    self.maxIterations = maxIterations
    self.tolerance = tolerance
    self.restarts = restarts
    self.seed = seed
    self.sampleLimit = sampleLimit
    self.meanVariance = meanVariance
  }
}

/// A fitted k-means model and the clustering of the rows it was fitted on.
public struct KMeansResult: Sendable, Equatable {
  /// Number of clusters.
  public var k: Int
  /// Centres, `k × stride` Float32 values (padding zero).
  public var centres: [Float]
  /// Each row's cluster, 0-based.
  public var labels: [Int32]
  /// Rows per cluster.
  public var sizes: [Int]
  /// Sum of squared distances of rows to their centre.
  public var inertia: Double
  /// Lloyd iterations run (in the winning start).
  public var iterations: Int
  /// Whether Lloyd stopped before the iteration limit.
  public var converged: Bool
}

/// k-means clustering on a ``FeatureMatrix``: greedy k-means++ starts, Lloyd iterations, restarts.
///
/// Distances are computed in Float32 with SIMD on all cores; sums are accumulated in Float64 over
/// fixed row chunks and reduced in chunk order, so a seed gives the same result on any number of
/// cores. The algorithm follows scikit-learn's `KMeans(algorithm="lloyd")`: the same k-means++
/// variant (2 + ⌊ln k⌋ local trials), the same tolerance scaling and stopping rules, and empty
/// clusters re-seeded from the points farthest from their centres.
public enum KMeans {
  /// Fits k-means with `options.restarts` k-means++ starts and keeps the lowest inertia.
  public static func fit(_ matrix: FeatureMatrix, options: KMeansOptions) -> KMeansResult {
    precondition(options.k >= 1 && options.k <= matrix.rows, "k must be between 1 and the number of rows")
    if matrix.rows > options.sampleLimit {
      return fitLarge(matrix, options: options)
    }
    var best: KMeansResult?
    let base = SplitMix64(seed: options.seed)
    var options = options
    if options.meanVariance == nil && options.tolerance > 0 { options.meanVariance = meanVariance(matrix) }
    for start in 0..<max(1, options.restarts) {
      var rng = base.split(UInt64(start))
      let initial = plusPlus(matrix, k: options.k, using: &rng)
      let result = lloyd(matrix, centres: initial, k: options.k, options: options)
      if best == nil || result.inertia < best!.inertia { best = result }
    }
    return best!
  }

  /// Large data: fit on a seeded sample, refine with one pass of mini-batches over all rows, then
  /// label every row.
  static func fitLarge(_ matrix: FeatureMatrix, options: KMeansOptions) -> KMeansResult {
    var rng = SplitMix64(seed: options.seed).split(0x5A3D)
    var sampleOptions = options
    sampleOptions.sampleLimit = .max
    let sample = matrix.rows(seededSample(count: matrix.rows, size: options.sampleLimit, using: &rng))
    var centres = fit(sample, options: sampleOptions).centres
    centres = miniBatchRefine(matrix, centres: centres, k: options.k, counts: nil)
    let labels = assign(matrix, centres: centres, k: options.k)
    return finish(matrix, centres: centres, labels: labels, k: options.k, iterations: 0, converged: true)
  }

  /// `size` distinct row indices drawn uniformly without replacement, in ascending order.
  public static func seededSample(count: Int, size: Int, using rng: inout SplitMix64) -> [Int] {
    guard size < count else { return Array(0..<count) }
    // Partial Fisher–Yates over a lazily materialised permutation.
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

  // MARK: - k-means++

  /// Greedy k-means++ (Arthur & Vassilvitskii 2007, with scikit-learn's 2 + ⌊ln k⌋ local trials):
  /// the first centre is a uniform row, each further one the best of several rows drawn with
  /// probability proportional to the squared distance to the nearest chosen centre.
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

  static func copyRow(_ matrix: FeatureMatrix, _ row: Int, into target: inout [Float], at slot: Int) {
    for column in 0..<matrix.stride {
      target[slot * matrix.stride + column] = matrix.values[row * matrix.stride + column]
    }
  }

  /// Squared distances of every row to each of `count` points (`count × stride` values), as
  /// ‖x‖² − 2x·c + ‖c‖² clamped at zero.
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

  /// ‖x‖² of every row.
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

  /// The sum of `values` in Float64, in order.
  static func orderedSum(_ values: [Float]) -> Double {
    var total = 0.0
    for value in values { total += Double(value) }
    return total
  }

  // MARK: - Lloyd

  /// Lloyd iterations from `centres` until the squared centre shift is within tolerance, the
  /// labels stop changing, or the iteration limit.
  ///
  /// The iterations are Lloyd's, accelerated with Hamerly's bounds (Hamerly 2010): every row keeps
  /// an upper bound on the distance to its centre and a lower bound on the distance to any other;
  /// rows whose bounds prove that their centre cannot change skip the distance computation, and
  /// cluster sums are updated only for rows that move. Bounds carry a safety margin for Float32
  /// rounding, so a row is recomputed whenever rounding could matter; labels are always decided by
  /// the same nearest-centre kernel as a plain Lloyd step.
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

  /// Per-row state of the bounded Lloyd iterations.
  ///
  /// A row's bounds are stored as they were when last computed, with the pass number; the
  /// cumulative centre drifts since then are added when the row is read, so rows that stay put
  /// are never written.
  final class BoundState: @unchecked Sendable {
    let labels: SharedBuffer<Int32>
    let upper: SharedBuffer<Float>
    let lower: SharedBuffer<Float>
    let stamps: SharedBuffer<UInt16>
    /// Cumulative drift by pass and centre: how far each centre has moved (upper) and how far the
    /// farthest other centre has moved (lower) since the start.
    let upperDrift: SharedBuffer<Double>
    let lowerDrift: SharedBuffer<Double>
    let k: Int
    private(set) var pass = 0

    init(rows: Int, k: Int, passes: Int) {
      labels = SharedBuffer(count: rows, zeroed: false)
      upper = SharedBuffer(count: rows, zeroed: false)
      lower = SharedBuffer(count: rows, zeroed: false)
      stamps = SharedBuffer(count: rows, zeroed: false)
      upperDrift = SharedBuffer(count: (passes + 1) * k)
      lowerDrift = SharedBuffer(count: (passes + 1) * k)
      self.k = k
    }

    /// Records the centre movements of one update; the next pass reads bounds through them.
    func recordDrift(_ movements: [Double]) {
      var first = (value: 0.0, index: -1)
      var second = 0.0
      for (j, movement) in movements.enumerated() {
        if movement > first.value {
          second = first.value
          first = (movement, j)
        } else if movement > second {
          second = movement
        }
      }
      let previous = pass * k
      pass += 1
      let current = pass * k
      for j in 0..<k {
        upperDrift.pointer[current + j] = upperDrift.pointer[previous + j] + movements[j]
        lowerDrift.pointer[current + j] = lowerDrift.pointer[previous + j] + (j == first.index ? second : first.value)
      }
    }
  }

  struct PassResult {
    /// Takes a full pass's sums, or adds a bounded pass's changes to them.
    func fold(
      into totals: inout [Double], counts totalCounts: inout [Int], squaredNorms total: inout Double, full: Bool
    ) {
      if full {
        totals = sums
        totalCounts = counts
        total = squaredNorms
      } else {
        for i in totals.indices { totals[i] += sums[i] }
        for j in totalCounts.indices { totalCounts[j] += counts[j] }
      }
    }

    /// Cluster sums (full pass) or their changes (bounded pass).
    var sums: [Double]
    /// Cluster sizes (full pass) or their changes.
    var counts: [Int]
    /// Rows whose label changed.
    var moves: Int
    /// Rows whose nearest centre was recomputed.
    var recomputed: Int
    /// Σ‖x‖² over all rows (full pass only).
    var squaredNorms: Double
  }

  /// One assignment step.
  ///
  /// A full pass labels every row and sets its bounds; a bounded pass reads each row's bounds moved
  /// by the centre drifts since they were set and recomputes only the rows they cannot settle.
  static func boundedPass(
    _ matrix: FeatureMatrix, centres: [Float], k: Int, state: BoundState, full: Bool, tighten: Bool = true
  ) -> PassResult {
    let n = matrix.rows
    let stride = matrix.stride
    let table = CentreTable(centres: centres, count: k, columns: matrix.columns, stride: stride)
    // Half the distance from each centre to its nearest other centre, slightly deflated.
    var half = [Float](repeating: .infinity, count: k)
    var largestCentreNorm: Float = 0
    for j in 0..<k {
      var norm: Float = 0
      for f in 0..<stride { norm += centres[j * stride + f] * centres[j * stride + f] }
      largestCentreNorm = max(largestCentreNorm, norm)
      for other in 0..<k where other != j {
        var squared: Float = 0
        for f in 0..<stride {
          let d = centres[j * stride + f] - centres[other * stride + f]
          squared += d * d
        }
        half[j] = min(half[j], 0.5 * squared.squareRoot() * (1 - 1e-5))
      }
    }
    let pass = state.pass
    let stamp = UInt16(truncatingIfNeeded: pass)
    let chunks = Parallel.chunkCount(n)
    let partialSums = SharedBuffer<Double>(count: chunks * k * stride)
    // Counts are bumped per row: a cache line of padding keeps neighbouring chunks, which run at
    // the same time, off each other's lines.
    let countStride = k + 8
    let partialCounts = SharedBuffer<Int>(count: chunks * countStride)
    let partialMoves = SharedBuffer<Int>(count: chunks)
    let partialRecomputed = SharedBuffer<Int>(count: chunks)
    let partialNorms = SharedBuffer<Double>(count: chunks)
    let margin = largestCentreNorm
    // How far each row's bounds have drifted, by the pass they were set in and their label.
    var upperShift = [Float](repeating: 0, count: (pass + 1) * k)
    var lowerShift = [Float](repeating: 0, count: (pass + 1) * k)
    for then in 0...pass {
      for j in 0..<k {
        upperShift[then * k + j] = Float(
          state.upperDrift.pointer[pass * k + j] - state.upperDrift.pointer[then * k + j])
        lowerShift[then * k + j] = Float(
          state.lowerDrift.pointer[pass * k + j] - state.lowerDrift.pointer[then * k + j])
      }
    }
    matrix.values.withSharedPointer { x in
      half.withSharedPointer { halfPointer in
        centres.withSharedPointer { centrePointer in
          upperShift.withSharedPointer { upperShiftPointer in
            lowerShift.withSharedPointer { lowerShiftPointer in
              Parallel.forEachChunk(rows: n) { chunk, rows in
                let labels = state.labels.pointer
                let upper = state.upper.pointer
                let lower = state.lower.pointer
                let stamps = state.stamps.pointer
                let halves = halfPointer.base
                let upperShift = upperShiftPointer.base
                let lowerShift = lowerShiftPointer.base
                let sums = partialSums.pointer + chunk * k * stride
                let counts = partialCounts.pointer + chunk * countStride
                // Rows to recompute, and the bounds-phase candidates with their limits; a chunk's
                // scratch lives on the stack.
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * rows.count) { scratch in
                  let pending = scratch.baseAddress!
                  let candidates = pending + rows.count
                  var pendingCount = 0
                  if full {
                    for row in rows {
                      pending[pendingCount] = row
                      pendingCount += 1
                    }
                  } else {
                    // Phase 1: bounds only, a sequential branch-free scan of the per-row state.
                    var candidateCount = 0
                    for row in rows {
                      let label = Int(labels[row])
                      let then = Int(stamps[row]) &* k &+ label
                      let u = upper[row] + upperShift[then]
                      let l = lower[row] - lowerShift[then]
                      candidates[candidateCount] = row
                      candidateCount &+= u > max(halves[label], l) ? 1 : 0
                    }
                    if !tighten {
                      // While most rows move (the first passes) tightening does not pay.
                      pending.update(from: candidates, count: candidateCount)
                      pendingCount = candidateCount
                    } else {
                      // Phase 2: exact distances for the unsettled rows, independent of each other so
                      // their memory reads overlap.
                      for index in 0..<candidateCount {
                        let row = candidates[index]
                        let label = Int(labels[row])
                        let then = Int(stamps[row]) &* k &+ label
                        let l = lower[row] - lowerShift[then]
                        let tight = exactDistance(x.base + row * stride, centrePointer.base + label * stride, stride)
                        if tight <= max(halves[label], l) {
                          upper[row] = tight
                          lower[row] = l
                          stamps[row] = stamp
                        } else {
                          pending[pendingCount] = row
                          pendingCount += 1
                        }
                      }
                    }
                  }
                  var moves = 0
                  var chunkNorms = 0.0
                  var position = 0
                  while position < pendingCount {
                    let r0 = pending[position]
                    let r1 = pending[min(position + 1, pendingCount - 1)]
                    let r2 = pending[min(position + 2, pendingCount - 1)]
                    let r3 = pending[min(position + 3, pendingCount - 1)]
                    let found = table.nearestTwo(
                      x.base + r0 * stride, x.base + r1 * stride, x.base + r2 * stride, x.base + r3 * stride)
                    for lane in 0..<min(4, pendingCount - position) {
                      let row = pending[position + lane]
                      let label = Int(found.labels[lane])
                      let source = x.base + row * stride
                      var normVector = SIMD8<Float>.zero
                      var f = 0
                      while f < stride {
                        let v = UnsafeRawPointer(source + f).loadUnaligned(as: SIMD8<Float>.self)
                        normVector.addProduct(v, v)
                        f += 8
                      }
                      let norm = normVector.sum()
                      if full { chunkNorms += Double(norm) }
                      // ‖x‖² + partial distance, widened by the rounding the expansion can carry.
                      let slack = 1e-5 * (norm + margin)
                      upper[row] = (max(0, norm + found.first[lane]) + slack).squareRoot()
                      lower[row] = (max(0, norm + found.second[lane] - slack)).squareRoot()
                      stamps[row] = stamp
                      let old = Int(labels[row])
                      if full {
                        labels[row] = Int32(label)
                        moves += 1
                        add(source, to: sums + label * stride, stride, sign: 1)
                        counts[label] += 1
                      } else if old != label {
                        labels[row] = Int32(label)
                        moves += 1
                        add(source, to: sums + old * stride, stride, sign: -1)
                        add(source, to: sums + label * stride, stride, sign: 1)
                        counts[old] -= 1
                        counts[label] += 1
                      }
                    }
                    position += 4
                  }
                  partialMoves.pointer[chunk] = moves
                  partialNorms.pointer[chunk] = chunkNorms
                  partialRecomputed.pointer[chunk] = pendingCount
                }
              }
            }
          }
        }
      }
    }
    var sums = [Double](repeating: 0, count: k * stride)
    var counts = [Int](repeating: 0, count: k)
    var moves = 0
    var recomputed = 0
    var squaredNorms = 0.0
    for chunk in 0..<chunks {
      for i in 0..<(k * stride) { sums[i] += partialSums.pointer[chunk * k * stride + i] }
      for j in 0..<k { counts[j] += partialCounts.pointer[chunk * countStride + j] }
      moves += partialMoves.pointer[chunk]
      recomputed += partialRecomputed.pointer[chunk]
      squaredNorms += partialNorms.pointer[chunk]
    }
    return PassResult(sums: sums, counts: counts, moves: moves, recomputed: recomputed, squaredNorms: squaredNorms)
  }

  /// ‖x − c‖ in Float32, nudged up so that it bounds the exact distance from above.
  @inline(__always)
  static func exactDistance(_ x: UnsafePointer<Float>, _ c: UnsafePointer<Float>, _ stride: Int) -> Float {
    squaredDistance(x, c, stride).squareRoot() * (1 + 1e-5)
  }

  /// ‖x − y‖² of two padded rows (`stride` a multiple of 8), in Float32.
  @inline(__always)
  static func squaredDistance(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ stride: Int) -> Float {
    var accumulator = SIMD8<Float>.zero
    var f = 0
    while f < stride {
      let d =
        UnsafeRawPointer(x + f).loadUnaligned(as: SIMD8<Float>.self)
        - UnsafeRawPointer(y + f).loadUnaligned(as: SIMD8<Float>.self)
      accumulator.addProduct(d, d)
      f += 8
    }
    return accumulator.sum()
  }

  /// Adds (or subtracts) a Float32 row into Float64 sums.
  @inline(__always)
  static func add(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Double>, _ stride: Int, sign: Double)
  {
    var f = 0
    let factor = SIMD4<Double>(repeating: sign)
    while f < stride {
      let v = UnsafeRawPointer(source + f).loadUnaligned(as: SIMD8<Float>.self)
      let low = SIMD4<Double>(SIMD4<Float>(v[0], v[1], v[2], v[3]))
      let high = SIMD4<Double>(SIMD4<Float>(v[4], v[5], v[6], v[7]))
      let t = UnsafeMutableRawPointer(target + f)
      t.storeBytes(of: t.loadUnaligned(as: SIMD4<Double>.self) + factor * low, as: SIMD4<Double>.self)
      (t + 32).storeBytes(of: (t + 32).loadUnaligned(as: SIMD4<Double>.self) + factor * high, as: SIMD4<Double>.self)
      f += 8
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

  struct StepResult {
    var centres: [Float]
    var sums: [Double]
    var counts: [Int]
  }

  /// One assignment and update: labels every row with the nearest of `centres`, then returns the
  /// means of the clusters (empty clusters keep their old centre until relocated).
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
          table.assign(
            x.base, stride: stride, start: rows.lowerBound, end: rows.upperBound, labels: labelPointer.base,
            scores: nil)
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
    var newCentres = centres
    for j in 0..<k where counts[j] > 0 {
      for f in 0..<stride { newCentres[j * stride + f] = Float(sums[j * stride + f] / Double(counts[j])) }
    }
    return StepResult(centres: newCentres, sums: sums, counts: counts)
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

  // MARK: - Assignment and inertia

  /// The nearest centre of every row.
  public static func assign(_ matrix: FeatureMatrix, centres: [Float], k: Int) -> [Int32] {
    let n = matrix.rows
    let table = CentreTable(centres: centres, count: k, columns: matrix.columns, stride: matrix.stride)
    var labels = [Int32](repeating: 0, count: n)
    labels.withSharedMutablePointer { labelPointer in
      matrix.values.withSharedPointer { x in
        Parallel.forEachChunk(rows: n) { _, rows in
          table.assign(
            x.base, stride: matrix.stride, start: rows.lowerBound, end: rows.upperBound, labels: labelPointer.base,
            scores: nil)
        }
      }
    }
    return labels
  }

  /// The sum of squared distances of rows to their centres.
  public static func inertia(_ matrix: FeatureMatrix, centres: [Float], labels: [Int32], k: Int) -> Double {
    inertiaAndSizes(matrix, centres: centres, labels: labels, k: k).0
  }

  static func finish(
    _ matrix: FeatureMatrix, centres: [Float], labels: [Int32], k: Int, iterations: Int, converged: Bool
  ) -> KMeansResult {
    let (inertia, sizes) = inertiaAndSizes(matrix, centres: centres, labels: labels, k: k)
    return KMeansResult(
      k: k, centres: centres, labels: labels, sizes: sizes, inertia: inertia, iterations: iterations,
      converged: converged)
  }

  /// Σ ‖x − c_label‖² with (x − c)² in Float32 per row and Float64 sums per chunk, and the cluster sizes.
  static func inertiaAndSizes(_ matrix: FeatureMatrix, centres: [Float], labels: [Int32], k: Int) -> (Double, [Int]) {
    let stride = matrix.stride
    let chunks = Parallel.chunkCount(matrix.rows)
    let partial = SharedBuffer<Double>(count: chunks)
    let partialSizes = SharedBuffer<Int>(count: chunks * k)
    matrix.values.withSharedPointer { x in
      centres.withSharedPointer { c in
        labels.withSharedPointer { l in
          Parallel.forEachChunk(rows: matrix.rows) { chunk, rows in
            var total = 0.0
            for row in rows {
              let label = Int(l.base[row])
              partialSizes.pointer[chunk * k + label] += 1
              total += Double(squaredDistance(x.base + row * stride, c.base + label * stride, stride))
            }
            partial.pointer[chunk] = total
          }
        }
      }
    }
    var inertia = 0.0
    var sizes = [Int](repeating: 0, count: k)
    for chunk in 0..<chunks {
      inertia += partial.pointer[chunk]
      for j in 0..<k { sizes[j] += partialSizes.pointer[chunk * k + j] }
    }
    return (inertia, sizes)
  }

  // MARK: - Mini-batches

  /// One pass of mini-batch k-means (Sculley 2010) over all rows in a fixed order: each batch's rows
  /// pull their centre towards them with a learning rate of 1 / (rows the centre has seen).
  static func miniBatchRefine(_ matrix: FeatureMatrix, centres initial: [Float], k: Int, counts: [Int]?) -> [Float] {
    let stride = matrix.stride
    var centres = initial
    var seen = counts ?? [Int](repeating: 0, count: k)
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
}
