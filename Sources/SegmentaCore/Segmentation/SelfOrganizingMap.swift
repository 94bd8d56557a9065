import Dispatch
import RealModule

/// Kohonen's self-organising map on a ``FeatureMatrix``, trained with the batch map.
///
/// References: Kohonen 1982; Kohonen, *Self-Organizing Maps*, 3rd edition 2001, §3.14.
///
/// The units lie on a rectangular grid of `rows × columns`, unit u at grid row u / columns and
/// column u % columns. The units start as distinct rows drawn at random with the seed. Each epoch
/// finds every row's best-matching unit (the nearest unit, by the same nearest-centre kernel as
/// k-means), sums the rows Sᵤ and counts the hits nᵤ of each unit, and sets every unit to
///
///     Wⱼ = Σᵤ h(u, j) Sᵤ ÷ Σᵤ h(u, j) nᵤ,   h(u, j) = exp(−‖gᵤ − gⱼ‖² / 2σ²),
///
/// gᵤ the unit's grid position. σ shrinks exponentially over the ordering epochs from
/// ``SelfOrganizingMapOptions/initialSigma`` to ``SelfOrganizingMapOptions/sigmaEnd`` and stays
/// there for the fine-tuning epochs. The Gaussian is separable, so the sums are smoothed along the
/// grid's columns and then its rows.
///
/// Rows are processed in fixed blocks of whole ``Parallel`` chunks whose sums are added in block
/// order, so a seed gives the same map on any number of cores.
public enum SelfOrganizingMap {
  /// Partial sums per block are kept within this many bytes (32 MiB), which bounds the blocks for
  /// large grids; small grids get one block per chunk.
  static let partialBudget = 32 << 20

  /// Trains a map on `matrix` and returns it with every row's best-matching unit and the map's
  /// quantisation and topographic errors.
  ///
  /// - Precondition: the matrix has rows, and the grid has at least two units.
  public static func fit(_ matrix: FeatureMatrix, options: SelfOrganizingMapOptions, seed: UInt64)
    -> SelfOrganizingMapResult
  {
    precondition(matrix.rows >= 1 && options.rows >= 1 && options.columns >= 1 && options.units >= 2)
    let units = options.units
    let stride = matrix.stride
    let blocks = Blocks(rows: matrix.rows, floatsPerBlock: units * stride)
    let partialSums = SharedBuffer<Double>(count: blocks.count * units * stride, zeroed: false)
    let partialHits = SharedBuffer<Int>(count: blocks.count * units, zeroed: false)
    var labels = [Int32](repeating: 0, count: matrix.rows)
    var weights = initialWeights(matrix, units: units, seed: seed)
    for epoch in 0..<(options.epochs + options.fineTuningEpochs) {
      let table = CentreTable(centres: weights, count: units, columns: matrix.columns, stride: stride)
      labels.withSharedMutablePointer { l in
        matrix.values.withSharedPointer { x in
          DispatchQueue.concurrentPerform(iterations: blocks.count) { block in
            let sums = partialSums.pointer + block * units * stride
            let hits = partialHits.pointer + block * units
            sums.update(repeating: 0, count: units * stride)
            hits.update(repeating: 0, count: units)
            let rows = blocks.rows(block)
            table.assign(x.base, stride: stride, rows: rows, labels: l.base)
            for row in rows {
              let unit = Int(l.base[row])
              hits[unit] += 1
              KMeans.add(x.base + row * stride, to: sums + unit * stride, stride, sign: 1)
            }
          }
        }
      }
      let (sums, hits) = reduce(partialSums, partialHits, blocks: blocks.count, units: units, stride: stride)
      smooth(
        sums: sums, hits: hits, sigma: options.sigma(atEpoch: epoch), options: options, stride: stride,
        into: &weights)
    }
    return finish(matrix, weights: weights, options: options, blocks: blocks)
  }

  /// Row blocks of whole chunks: as many as there are chunks, fewer when the partial sums of a block
  /// (`floatsPerBlock` Float64 values) would exceed ``partialBudget`` in all; the layout depends only
  /// on the sizes, never on the core count.
  struct Blocks {
    /// The number of blocks.
    let count: Int
    /// The number of rows.
    let rowCount: Int
    /// The number of chunks of ``Parallel/chunkRows`` rows.
    let chunks: Int

    init(rows: Int, floatsPerBlock: Int) {
      rowCount = rows
      chunks = Parallel.chunkCount(rows)
      count = max(1, min(chunks, partialBudget / max(1, floatsPerBlock * MemoryLayout<Double>.stride)))
    }

    /// The rows of block `block`: chunks ⌊b·chunks / count⌋ up to ⌊(b + 1)·chunks / count⌋.
    func rows(_ block: Int) -> Range<Int> {
      let first = block * chunks / count * Parallel.chunkRows
      let end = (block + 1) * chunks / count * Parallel.chunkRows
      return first..<min(rowCount, end)
    }
  }

  /// Distinct rows drawn with the seed as the units' starting weights, `units × stride` values (the
  /// drawn rows repeat when there are fewer rows than units).
  static func initialWeights(_ matrix: FeatureMatrix, units: Int, seed: UInt64) -> [Float] {
    var rng = SplitMix64(seed: seed).split(0x50A1)
    let picked = KMeans.seededSample(count: matrix.rows, size: min(units, matrix.rows), using: &rng)
    let stride = matrix.stride
    var weights = [Float](repeating: 0, count: units * stride)
    for unit in 0..<units {
      let row = picked[unit % picked.count]
      for f in 0..<stride { weights[unit * stride + f] = matrix.values[row * stride + f] }
    }
    return weights
  }

  /// The per-block sums and hits added up in block order.
  static func reduce(
    _ partialSums: SharedBuffer<Double>, _ partialHits: SharedBuffer<Int>, blocks: Int, units: Int, stride: Int
  ) -> (sums: [Double], hits: [Int]) {
    var sums = [Double](repeating: 0, count: units * stride)
    var hits = [Int](repeating: 0, count: units)
    for block in 0..<blocks {
      let blockSums = partialSums.pointer + block * units * stride
      let blockHits = partialHits.pointer + block * units
      for index in 0..<(units * stride) { sums[index] += blockSums[index] }
      for unit in 0..<units { hits[unit] += blockHits[unit] }
    }
    return (sums, hits)
  }

  /// Sets each unit to its neighbourhood-weighted mean Σᵤ h(u, j) Sᵤ ÷ Σᵤ h(u, j) nᵤ; a unit whose
  /// weight sum underflows to zero keeps its weights.
  ///
  /// h is separable, h(u, j) = h(Δrow) · h(Δcolumn), so the sums are smoothed along each grid row
  /// and then along each grid column: (rows + columns) operations per unit and feature instead of
  /// rows × columns.
  static func smooth(
    sums: [Double], hits: [Int], sigma: Double, options: SelfOrganizingMapOptions, stride: Int,
    into weights: inout [Float]
  ) {
    let (gridRows, gridColumns) = (options.rows, options.columns)
    let units = options.units
    let kernel = (0..<max(gridRows, gridColumns)).map { Double.exp(-Double($0 * $0) / (2 * sigma * sigma)) }
    // Along each grid row: across[r, c'] = Σ_c h(c − c') S[r, c].
    let across = SharedBuffer<Double>(count: units * stride)
    let acrossHits = SharedBuffer<Double>(count: units)
    sums.withSharedPointer { s in
      hits.withSharedPointer { n in
        DispatchQueue.concurrentPerform(iterations: gridRows) { r in
          for target in 0..<gridColumns {
            let out = across.pointer + (r * gridColumns + target) * stride
            var count = 0.0
            for c in 0..<gridColumns {
              let h = kernel[abs(c - target)]
              let unit = r * gridColumns + c
              count += h * Double(n.base[unit])
              let source = s.base + unit * stride
              for f in 0..<stride { out[f] += h * source[f] }
            }
            acrossHits.pointer[r * gridColumns + target] = count
          }
        }
      }
    }
    // Along each grid column: W[r', c] = Σ_r h(r − r') across[r, c] ÷ Σ_r h(r − r') acrossHits[r, c].
    weights.withSharedMutablePointer { w in
      DispatchQueue.concurrentPerform(iterations: gridRows) { target in
        var numerator = [Double](repeating: 0, count: stride)
        for c in 0..<gridColumns {
          for f in 0..<stride { numerator[f] = 0 }
          var denominator = 0.0
          for r in 0..<gridRows {
            let h = kernel[abs(r - target)]
            let unit = r * gridColumns + c
            denominator += h * acrossHits.pointer[unit]
            let source = across.pointer + unit * stride
            for f in 0..<stride { numerator[f] += h * source[f] }
          }
          guard denominator > 0 else { continue }
          let out = w.base + (target * gridColumns + c) * stride
          for f in 0..<stride { out[f] = Float(numerator[f] / denominator) }
        }
      }
    }
  }

  /// The last pass: every row's best and second-best matching unit with the final weights, the
  /// units' hits and sums, the quantisation and topographic errors.
  static func finish(_ matrix: FeatureMatrix, weights: [Float], options: SelfOrganizingMapOptions, blocks: Blocks)
    -> SelfOrganizingMapResult
  {
    let units = options.units
    let stride = matrix.stride
    let gridColumns = Int32(options.columns)
    let table = CentreTable(centres: weights, count: units, columns: matrix.columns, stride: stride)
    var labels = [Int32](repeating: 0, count: matrix.rows)
    var runnersUp = [Int32](repeating: 0, count: matrix.rows)
    let partialSums = SharedBuffer<Double>(count: blocks.count * units * stride)
    let partialHits = SharedBuffer<Int>(count: blocks.count * units)
    // Per block: Σ distance to the best unit, Σ ‖x‖², rows whose two best units are not neighbours.
    let distances = SharedBuffer<Double>(count: blocks.count)
    let squares = SharedBuffer<Double>(count: blocks.count)
    let breaks = SharedBuffer<Int>(count: blocks.count)
    labels.withSharedMutablePointer { first in
      runnersUp.withSharedMutablePointer { second in
        matrix.values.withSharedPointer { x in
          weights.withSharedPointer { w in
            DispatchQueue.concurrentPerform(iterations: blocks.count) { block in
              let rows = blocks.rows(block)
              table.nearestPairs(x.base, stride: stride, rows: rows, first: first.base, second: second.base)
              let sums = partialSums.pointer + block * units * stride
              let hits = partialHits.pointer + block * units
              var distance = 0.0
              var square = 0.0
              var broken = 0
              for row in rows {
                let best = first.base[row]
                let unit = Int(best)
                let point = x.base + row * stride
                hits[unit] += 1
                KMeans.add(point, to: sums + unit * stride, stride, sign: 1)
                distance += Double(KMeans.squaredDistance(point, w.base + unit * stride, stride).squareRoot())
                square += Double(norm(point, stride))
                let runnerUp = second.base[row]
                let rowStep = abs(best / gridColumns - runnerUp / gridColumns)
                let columnStep = abs(best % gridColumns - runnerUp % gridColumns)
                if rowStep > 1 || columnStep > 1 { broken += 1 }
              }
              distances.pointer[block] = distance
              squares.pointer[block] = square
              breaks.pointer[block] = broken
            }
          }
        }
      }
    }
    let (sums, hits) = reduce(partialSums, partialHits, blocks: blocks.count, units: units, stride: stride)
    var distance = 0.0
    var square = 0.0
    var broken = 0
    for block in 0..<blocks.count {
      distance += distances.pointer[block]
      square += squares.pointer[block]
      broken += breaks.pointer[block]
    }
    let rows = Double(matrix.rows)
    return SelfOrganizingMapResult(
      options: options, weights: weights, stride: stride, labels: labels, hits: hits, unitSums: sums,
      squaredNorms: square, quantizationError: distance / rows, topographicError: Double(broken) / rows)
  }

  /// ‖x‖² of a padded row, in Float32.
  @inline(__always)
  static func norm(_ x: UnsafePointer<Float>, _ stride: Int) -> Float {
    var accumulator = SIMD8<Float>.zero
    var f = 0
    while f < stride {
      let v = UnsafeRawPointer(x + f).loadUnaligned(as: SIMD8<Float>.self)
      accumulator.addProduct(v, v)
      f += 8
    }
    return accumulator.sum()
  }

  /// The U-matrix: each unit's mean Euclidean distance to the weights of the up to eight units
  /// around it on the grid (MiniSom's `distance_map(scaling="mean")` before its division by the
  /// largest value), row by row.
  public static func unifiedDistances(weights: [Float], rows: Int, columns: Int, stride: Int, features: Int) -> [Double]
  {
    var result = [Double](repeating: 0, count: rows * columns)
    for r in 0..<rows {
      for c in 0..<columns {
        var total = 0.0
        var count = 0
        for dr in -1...1 {
          for dc in -1...1 where (dr != 0 || dc != 0) && (0..<rows).contains(r + dr) && (0..<columns).contains(c + dc) {
            let a = (r * columns + c) * stride
            let b = ((r + dr) * columns + c + dc) * stride
            var squared = 0.0
            for f in 0..<features {
              let d = Double(weights[a + f]) - Double(weights[b + f])
              squared += d * d
            }
            total += squared.squareRoot()
            count += 1
          }
        }
        result[r * columns + c] = count > 0 ? total / Double(count) : 0
      }
    }
    return result
  }
}
