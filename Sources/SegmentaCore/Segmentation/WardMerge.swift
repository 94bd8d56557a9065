/// One merge of Ward's agglomerative clustering: nodes `first` and `second` (leaves are
/// 0..<n, the node made by merge i is n + i) join at `height` into a node of total `weight`.
public struct WardMerge: Sendable, Equatable, Codable {
  /// The first node merged, the smaller id (a leaf 0..<n, or n + i for merge i).
  public var first: Int
  /// The second node merged, the larger id.
  public var second: Int
  /// The Ward distance at which they merge.
  public var height: Double
  /// The merged node's total weight (rows).
  public var weight: Double
}
