/// A fitted k-prototypes model and the clustering of the rows it was fitted on.
public struct KPrototypesResult: Sendable, Equatable {
  /// The number of clusters.
  public var k: Int
  /// The numeric part of the prototypes, `k × numericColumns` means, row-major.
  public var numeric: [Double]
  /// The categorical part of the prototypes, `k × categoricalColumns` modes, row-major.
  public var modes: [UInt32]
  /// Each row's nearest prototype, 0-based (kmodes' `labels_`).
  public var labels: [Int32]
  /// The number of rows nearest to each prototype.
  public var sizes: [Int]
  /// Σ over rows of the dissimilarity to the nearest prototype (kmodes' `cost_`).
  public var cost: Double
  /// The passes run by the kept start (kmodes' `n_iter_`).
  public var iterations: Int
  /// Whether the kept start stopped before the pass limit.
  public var converged: Bool
  /// The cost each start reached, in start order.
  public var starts: [Double] = []
  /// The start kept (the lowest cost, the first among equals).
  public var chosenStart = 0
}
