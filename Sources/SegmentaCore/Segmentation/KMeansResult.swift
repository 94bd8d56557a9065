/// A fitted k-means model and the clustering of the rows it was fitted on.
public struct KMeansResult: Sendable, Equatable {
  /// The number of clusters.
  public var k: Int
  /// The centres, `k × stride` Float32 values in the matrix's padded layout (padding zero).
  public var centres: [Float]
  /// Each row's cluster, 0-based, in row order.
  public var labels: [Int32]
  /// The number of rows in each cluster.
  public var sizes: [Int]
  /// The sum of squared Euclidean distances of rows to their centre (scikit-learn's `inertia_`).
  public var inertia: Double
  /// The Lloyd iterations run in the winning start (scikit-learn's `n_iter_`).
  public var iterations: Int
  /// Whether Lloyd stopped (tolerance met or labels stable) before the iteration limit.
  public var converged: Bool
  /// The inertia each start reached, in start order: on the start sample when the starts ran on a
  /// sample (then only the chosen one was refined on all rows), else on all rows.
  public var starts: [Double] = []
  /// The start that was kept (the lowest inertia, the first among equals).
  public var chosenStart = 0
  /// The rows each start was fitted on.
  public var startRows = 0
}
