/// The settings of one k-prototypes fit.
public struct KPrototypesOptions: Sendable, Equatable {
  /// The number of clusters (prototypes).
  public var k: Int
  /// The weight γ of a categorical mismatch against the squared Euclidean distance of the numeric part.
  public var gamma: Double
  /// The most passes over the customers per start (kmodes' `max_iter`, 100 by default).
  public var maxIterations: Int
  /// The seeded starts; the lowest cost is kept (kmodes' `n_init`).
  public var restarts: Int
  /// The seed of the starts and of the reseeding of an emptied cluster.
  public var seed: UInt64

  /// Creates options: 100 passes, 10 starts, seed 42 unless given.
  public init(k: Int, gamma: Double, maxIterations: Int = 100, restarts: Int = 10, seed: UInt64 = 42) {
    self.k = k
    self.gamma = gamma
    self.maxIterations = maxIterations
    self.restarts = restarts
    self.seed = seed
  }
}
