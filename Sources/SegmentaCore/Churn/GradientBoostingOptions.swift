/// The settings of histogram gradient boosting; the defaults are scikit-learn's
/// `HistGradientBoostingClassifier` defaults (without early stopping).
public struct GradientBoostingOptions: Sendable, Equatable, Codable {
  /// The shrinkage applied to every leaf value (`learning_rate`).
  public var learningRate = 0.1
  /// Boosting iterations, one tree each (`max_iter`).
  public var maxIterations = 100
  /// Leaves per tree at most (`max_leaf_nodes`).
  public var maxLeafNodes = 31
  /// Customers per leaf at least (`min_samples_leaf`).
  public var minSamplesLeaf = 20
  /// λ, the L2 penalty on leaf values (`l2_regularization`).
  public var l2Regularization = 0.0
  /// Value bins per feature at most (`max_bins`); missing values have a bin of their own.
  public var maxBins = 255
  /// Rows sampled to find the bin thresholds (`subsample` of the bin mapper).
  public var binningSample = 200_000

  /// The default settings.
  public init() {}

  /// The smallest sum of hessians a leaf may have (scikit-learn's `min_hessian_to_split`).
  public static let minHessian = 1e-3
}
