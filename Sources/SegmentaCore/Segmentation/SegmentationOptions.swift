/// Everything a segmentation run is asked to do: the k (or the range to choose it from), the
/// merging into groups, the k-means settings and the preprocessing.
public struct SegmentationOptions: Sendable, Equatable, Codable {
  /// A fixed number of clusters, or nil to choose k automatically within ``kRange``.
  public var k: Int?
  /// The k values tried when k is automatic (default 2…15); the lower end must be at least 2.
  public var kRange: ClosedRange<Int>
  /// The number of groups to merge the clusters into with Ward linkage, if given.
  public var groups: Int?
  /// The seed of every random choice; k-means for a given k uses `seed + k`.
  public var seed: UInt64
  /// The k-means++ starts per k (scikit-learn's `n_init`).
  public var restarts: Int
  /// The most Lloyd iterations per start (scikit-learn's `max_iter`).
  public var maxIterations: Int
  /// The Lloyd tolerance, relative to the mean per-feature variance (scikit-learn's `tol`).
  public var tolerance: Double
  /// The row count above which k-means fits on a sample and refines with mini-batches.
  public var sampleLimit: Int
  /// The rows of the sample the starts run on (nil: ``KMeans/startSampleRows(k:)``).
  public var startSample: Int? = nil
  /// The rows scored for the silhouette, a seeded sample (all rows when there are fewer).
  public var silhouetteSample: Int
  /// How the features are prepared before clustering.
  public var preprocessing: PreprocessingOptions
  /// The self-organising map whose units are the clusters, or nil for k-means (the k options are
  /// then unused, and ``kRange`` is the range the number of groups is chosen from).
  public var map: SelfOrganizingMapOptions? = nil
  /// The categorical columns and γ of a k-prototypes segmentation, or nil for k-means or a map.
  public var prototypes: KPrototypesSettings? = nil

  /// Creates options with the documented defaults: automatic k over 2…15, 3 starts, 300 iterations,
  /// tolerance 1e-4, a 2,000,000-row sample limit and a 10,000-row silhouette sample.
  public init(
    k: Int? = nil, kRange: ClosedRange<Int> = 2...15, groups: Int? = nil, seed: UInt64 = 42, restarts: Int = 10,
    maxIterations: Int = 300, tolerance: Double = 1e-4, sampleLimit: Int = 2_000_000, silhouetteSample: Int = 10_000,
    preprocessing: PreprocessingOptions = PreprocessingOptions()
  ) {
    self.k = k
    self.kRange = kRange
    self.groups = groups
    self.seed = seed
    self.restarts = restarts
    self.maxIterations = maxIterations
    self.tolerance = tolerance
    self.sampleLimit = sampleLimit
    self.silhouetteSample = silhouetteSample
    self.preprocessing = preprocessing
  }
}
