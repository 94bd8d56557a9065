/// Settings of a k-means fit, named and defaulted as scikit-learn's `KMeans`.
public struct KMeansOptions: Sendable, Equatable, Codable {
  /// The number of clusters, between 1 and the number of rows.
  public var k: Int
  /// The most Lloyd iterations per start (scikit-learn's `max_iter`).
  public var maxIterations: Int
  /// Convergence tolerance, relative to the data's mean per-feature variance (scikit-learn's `tol`).
  ///
  /// Lloyd stops once the summed squared centre shift of an iteration is at most `tolerance` × the
  /// mean per-feature variance; 0 stops only when no row changes cluster or at the iteration limit.
  public var tolerance: Double
  /// The number of independent k-means++ starts; the one with the lowest inertia wins (`n_init`).
  public var restarts: Int
  /// The seed of every random choice: the same seed and data give the same result on any machine.
  public var seed: UInt64
  /// The row count above which the model is fitted on a seeded sample of this many rows and refined
  /// with one pass of mini-batches over all rows.
  public var sampleLimit: Int
  /// The rows of the seeded sample each start is fitted on before the best start is refined on all rows.
  ///
  /// Nil chooses ``KMeans/startSampleRows(k:)``. Data of at most twice this many rows runs every
  /// start on all rows.
  public var startSample: Int?
  /// The data's mean per-feature population variance, when already known (it scales the tolerance);
  /// nil computes it.
  public var meanVariance: Double?

  /// Creates options; the defaults are scikit-learn's except for 4 starts and the sample limit.
  public init(
    k: Int, maxIterations: Int = 300, tolerance: Double = 1e-4, restarts: Int = 4, seed: UInt64 = 42,
    sampleLimit: Int = 2_000_000, startSample: Int? = nil, meanVariance: Double? = nil
  ) {
    self.k = k
    self.maxIterations = maxIterations
    self.tolerance = tolerance
    self.restarts = restarts
    self.seed = seed
    self.sampleLimit = sampleLimit
    self.startSample = startSample
    self.meanVariance = meanVariance
  }
}
