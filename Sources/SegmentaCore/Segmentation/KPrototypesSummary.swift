/// What a segmentation stores of k-prototypes besides the numeric prototypes (its centres): the
/// categorical columns, each cluster's modes, γ and the cost.
public struct KPrototypesSummary: Sendable, Equatable, Codable {
  /// The weight of a categorical mismatch against the squared Euclidean distance of the numeric part.
  public var gamma: Double
  /// Whether γ is kmodes' default (0.5 × the mean standard deviation of the prepared numeric
  /// features) rather than given.
  public var gammaIsDefault: Bool
  /// Σ over customers of the dissimilarity to their prototype, for the chosen k.
  public var cost: Double
  /// The categorical columns with their values' codes.
  public var columns: [CategoricalColumn]
  /// Each cluster's mode of each column, `k × columns.count` codes, clusters numbered as the centres.
  public var modes: [UInt32]

  /// Creates a summary.
  public init(gamma: Double, gammaIsDefault: Bool, cost: Double, columns: [CategoricalColumn], modes: [UInt32]) {
    self.gamma = gamma
    self.gammaIsDefault = gammaIsDefault
    self.cost = cost
    self.columns = columns
    self.modes = modes
  }

  /// The modes of `cluster` as values, one per column.
  public func modeValues(cluster: Int) -> [String] {
    columns.enumerated().map { c, column in column.label(modes[cluster * columns.count + c]) }
  }
}
