import Dispatch

/// k-means clustering on a ``FeatureMatrix``: greedy k-means++ starts, Lloyd iterations, restarts.
///
/// Distances are computed in Float32 with SIMD on all cores; sums are accumulated in Float64 over
/// fixed row chunks and reduced in chunk order, so a seed gives the same result on any number of
/// cores. The algorithm follows scikit-learn's `KMeans(algorithm="lloyd")`: the same k-means++
/// variant (2 + ⌊ln k⌋ local trials), the same tolerance scaling and stopping rules, and empty
/// clusters re-seeded from the points farthest from their centres; on large data the starts run on
/// a sample and only the best is refined on all rows.
///
/// The parts live in their own files: `KMeans+Initialisation.swift` (k-means++ and seeded
/// samples), `KMeans+Lloyd.swift` and `KMeans+BoundedPass.swift` (Lloyd iterations with Hamerly's
/// bounds), `KMeans+MiniBatch.swift` (refinement of a sample fit) and the distance kernels in
/// `KMeans+Kernels.swift` and ``CentreTable``.
public enum KMeans {
  /// Fits k-means with `options.restarts` greedy k-means++ starts and keeps the lowest inertia (the
  /// first start among equals).
  ///
  /// On data of more than twice ``startSampleRows(k:)`` rows, the starts run on one seeded sample
  /// of that many rows (k-means++ and Lloyd to convergence, as on all rows) and only the best of them
  /// is refined with Lloyd on all rows: many starts cost little, and the refinement lands in the
  /// best start's basin (Bradley & Fayyad's refinement; faiss also trains on a sample). Above 16
  /// times the sample, the best start first converges on a seeded sample eight times larger, so the
  /// passes over all rows start close to their end (`iterations` counts those). Smaller data
  /// runs every start on all rows, as scikit-learn's `n_init`. Above `options.sampleLimit` rows the
  /// model is fitted on a seeded sample of that size and refined with mini-batches over all rows;
  /// `iterations` is then 0.
  public static func fit(_ matrix: FeatureMatrix, options: KMeansOptions) -> KMeansResult {
    precondition(options.k >= 1 && options.k <= matrix.rows, "k must be between 1 and the number of rows")
    if matrix.rows > options.sampleLimit {
      return fitLarge(matrix, options: options)
    }
    let options = withMeanVariance(options, of: matrix)
    let starts = runStarts(matrix, options: options)
    var result = starts.best
    if starts.onSample {
      var centres = starts.best.centres
      let middle = refineSampleFactor * starts.rows
      if matrix.rows > 2 * middle {
        var rng = SplitMix64(seed: options.seed).split(0x3E7D)
        let sample = matrix.rows(seededSample(count: matrix.rows, size: middle, using: &rng))
        centres = lloyd(sample, centres: centres, k: options.k, options: options).centres
      }
      result = lloyd(matrix, centres: centres, k: options.k, options: options)
    }
    result.starts = starts.inertias
    result.chosenStart = starts.chosen
    result.startRows = starts.rows
    return result
  }

  /// How many times the start sample the intermediate refinement's sample holds.
  static let refineSampleFactor = 8

  /// The initial centres ``fit(_:options:)`` refines on all rows: the best of the starts, run on
  /// the start sample when the data are large (else the best start's final centres).
  public static func initialCentres(_ matrix: FeatureMatrix, options: KMeansOptions) -> [Float] {
    runStarts(matrix, options: withMeanVariance(options, of: matrix)).best.centres
  }

  /// `options` with the mean variance of `matrix` filled in when the tolerance needs it and it is
  /// not known, so that the starts on a sample and the refinement on all rows share one tolerance.
  static func withMeanVariance(_ options: KMeansOptions, of matrix: FeatureMatrix) -> KMeansOptions {
    var options = options
    if options.meanVariance == nil && options.tolerance > 0 { options.meanVariance = meanVariance(matrix) }
    return options
  }

  /// Runs every start (k-means++ then Lloyd) on the start sample, or on all rows when the data are
  /// at most twice its size, side by side on the cores.
  static func runStarts(_ matrix: FeatureMatrix, options: KMeansOptions) -> (
    best: KMeansResult, inertias: [Double], chosen: Int, rows: Int, onSample: Bool
  ) {
    let base = SplitMix64(seed: options.seed)
    let sampleRows = max(options.k, options.startSample ?? startSampleRows(k: options.k))
    let onSample = matrix.rows > 2 * sampleRows
    var rng = base.split(0x57A7)
    let data = onSample ? matrix.rows(seededSample(count: matrix.rows, size: sampleRows, using: &rng)) : matrix
    let count = max(1, options.restarts)
    let slots = ResultSlots<KMeansResult>(count: count)
    // Each start is deterministic on its own, so running them side by side changes nothing.
    DispatchQueue.concurrentPerform(iterations: count) { index in
      var rng = base.split(UInt64(index))
      let initial = plusPlus(data, k: options.k, using: &rng)
      slots.set(index, lloyd(data, centres: initial, k: options.k, options: options))
    }
    let fits = slots.values()
    let inertias = fits.map(\.inertia)
    let chosen = inertias.indices.min { inertias[$0] < inertias[$1] } ?? 0
    return (fits[chosen], inertias, chosen, data.rows, onSample)
  }

  /// The rows of the sample the starts are fitted on for `k` clusters: 1,024 a cluster and at least
  /// 16,384, enough for a group of 2.5 % of the customers to hold hundreds of rows in the sample.
  public static func startSampleRows(k: Int) -> Int { max(16_384, 1_024 * k) }

  /// Large data: fits on a seeded sample, refines with one pass of mini-batches over all rows, then
  /// labels every row.
  static func fitLarge(_ matrix: FeatureMatrix, options: KMeansOptions) -> KMeansResult {
    var rng = SplitMix64(seed: options.seed).split(0x5A3D)
    var sampleOptions = options
    sampleOptions.sampleLimit = .max
    let sample = matrix.rows(seededSample(count: matrix.rows, size: options.sampleLimit, using: &rng))
    var centres = fit(sample, options: sampleOptions).centres
    centres = miniBatchRefine(matrix, centres: centres, k: options.k)
    let labels = assign(matrix, centres: centres, k: options.k)
    let (inertia, sizes) = inertiaAndSizes(matrix, centres: centres, labels: labels, k: options.k)
    return KMeansResult(
      k: options.k, centres: centres, labels: labels, sizes: sizes, inertia: inertia, iterations: 0, converged: true)
  }

  // MARK: - Assignment and inertia

  /// The nearest of the `k` centres (`k × stride` values) for every row: argminⱼ ‖x − cⱼ‖², the
  /// lowest index among equals, as scikit-learn's `KMeans.predict`.
  public static func assign(_ matrix: FeatureMatrix, centres: [Float], k: Int) -> [Int32] {
    let n = matrix.rows
    let table = CentreTable(centres: centres, count: k, columns: matrix.columns, stride: matrix.stride)
    var labels = [Int32](repeating: 0, count: n)
    labels.withSharedMutablePointer { labelPointer in
      matrix.values.withSharedPointer { x in
        Parallel.forEachChunk(rows: n) { _, rows in
          table.assign(x.base, stride: matrix.stride, rows: rows, labels: labelPointer.base)
        }
      }
    }
    return labels
  }

  /// The sum of squared distances of rows to their centres, Σᵢ ‖xᵢ − c_label(i)‖² (scikit-learn's
  /// `inertia_`), with each row's term in Float32 and the sum in Float64.
  public static func inertia(_ matrix: FeatureMatrix, centres: [Float], labels: [Int32], k: Int) -> Double {
    inertiaAndSizes(matrix, centres: centres, labels: labels, k: k).inertia
  }

  /// Σ ‖x − c_label‖² with (x − c)² in Float32 per row and Float64 sums per chunk, and the cluster
  /// sizes.
  static func inertiaAndSizes(_ matrix: FeatureMatrix, centres: [Float], labels: [Int32], k: Int) -> (
    inertia: Double, sizes: [Int]
  ) {
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
}
