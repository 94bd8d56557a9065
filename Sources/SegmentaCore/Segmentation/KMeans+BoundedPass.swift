// Hamerly-bounded assignment steps of the Lloyd iterations.
extension KMeans {
  /// Per-row state of the bounded Lloyd iterations.
  ///
  /// A row's bounds are stored as they were when last computed, with the pass number; the
  /// cumulative centre drifts since then are added when the row is read, so rows that stay put
  /// are never written.
  final class BoundState: @unchecked Sendable {
    /// Each row's cluster.
    let labels: SharedBuffer<Int32>
    /// Each row's upper bound on the distance to its own centre, as of the pass in `stamps`.
    let upper: SharedBuffer<Float>
    /// Each row's lower bound on the distance to any other centre, as of the pass in `stamps`.
    let lower: SharedBuffer<Float>
    /// The pass (modulo 2¹⁶) in which each row's bounds were last set.
    let stamps: SharedBuffer<UInt16>
    /// Cumulative drift by pass and centre: how far each centre has moved (upper) and how far the
    /// farthest other centre has moved (lower) since the start.
    let upperDrift: SharedBuffer<Double>
    /// See ``upperDrift``.
    let lowerDrift: SharedBuffer<Double>
    /// The number of centres.
    let k: Int
    /// Centre updates recorded so far.
    private(set) var pass = 0

    /// State for `rows` rows and `k` centres, with room for the drifts of `passes` updates.
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

  /// What one assignment step found, per cluster and in total.
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

  /// One assignment step of Lloyd's iterations, with Hamerly's bounds (Hamerly 2010).
  ///
  /// Every row keeps an upper bound on the distance to its centre and a lower bound on the distance
  /// to any other. A full pass labels every row and sets its bounds; a bounded pass reads each
  /// row's bounds moved by the centre drifts since they were set and recomputes only the rows they
  /// cannot settle (with `tighten`, after first trying the exact distance to the row's own centre).
  /// Bounds carry a safety margin for Float32 rounding, so a row is recomputed whenever rounding
  /// could matter, by the same kernel (``CentreTable/nearestTwo(_:_:_:_:)``) whatever the bounds.
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
                  guard let pending = scratch.baseAddress else { preconditionFailure("a chunk has rows") }
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

}
