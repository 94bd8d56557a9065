/// k-means clustering on a ``FeatureMatrix``: greedy k-means++ starts, Lloyd iterations, restarts.
///
/// Distances are computed in Float32 with SIMD on all cores; sums are accumulated in Float64 over
/// fixed row chunks and reduced in chunk order, so a seed gives the same result on any number of
/// cores. The algorithm follows scikit-learn's `KMeans(algorithm="lloyd")`: the same k-means++
/// variant (2 + ⌊ln k⌋ local trials), the same tolerance scaling and stopping rules, and empty
/// clusters re-seeded from the points farthest from their centres.
///
/// The parts live in their own files: `KMeans+Initialisation.swift` (k-means++ and seeded
/// samples), `KMeans+Lloyd.swift` and `KMeans+BoundedPass.swift` (Lloyd iterations with Hamerly's
/// bounds), `KMeans+MiniBatch.swift` (refinement of a sample fit) and the distance kernels in
/// `KMeans+Kernels.swift` and ``CentreTable``.
public enum KMeans {
  /// Fits k-means with `options.restarts` k-means++ starts and keeps the lowest inertia (the first
  /// start among equals).
  ///
  /// Above `options.sampleLimit` rows the fit runs on a seeded sample and is refined with
  /// mini-batches over all rows; `iterations` is then 0.
  public static func fit(_ matrix: FeatureMatrix, options: KMeansOptions) -> KMeansResult {
    precondition(options.k >= 1 && options.k <= matrix.rows, "k must be between 1 and the number of rows")
    if matrix.rows > options.sampleLimit {
      return fitLarge(matrix, options: options)
    }
    let base = SplitMix64(seed: options.seed)
    var options = options
    if options.meanVariance == nil && options.tolerance > 0 { options.meanVariance = meanVariance(matrix) }
    func start(_ index: Int) -> KMeansResult {
      var rng = base.split(UInt64(index))
      let initial = plusPlus(matrix, k: options.k, using: &rng)
      return lloyd(matrix, centres: initial, k: options.k, options: options)
    }
    var best = start(0)
    for index in 1..<max(1, options.restarts) {
      let result = start(index)
      if result.inertia < best.inertia { best = result }
    }
    return best
  }

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
