/// One regression tree of a boosted model, over binned features.
public struct BoostedTree: Sendable, Equatable, Codable {
  /// A node: a split (feature ≥ 0) or a leaf (feature −1) with its value.
  public struct Node: Sendable, Equatable, Codable {
    /// The split feature, −1 for a leaf.
    public var feature: Int32
    /// Rows whose bin is at most this go left.
    public var threshold: UInt8
    /// Whether missing values go left.
    public var missingLeft: Bool
    /// The left child's index.
    public var left: Int32
    /// The right child's index.
    public var right: Int32
    /// The leaf's value (added to the raw score), 0 for a split.
    public var value: Double

    /// Creates a node.
    public init(feature: Int32, threshold: UInt8, missingLeft: Bool, left: Int32, right: Int32, value: Double) {
      self.feature = feature
      self.threshold = threshold
      self.missingLeft = missingLeft
      self.left = left
      self.right = right
      self.value = value
    }

    private enum CodingKeys: String, CodingKey {
      case feature = "f"
      case threshold = "t"
      case missingLeft = "m"
      case left = "l"
      case right = "r"
      case value = "v"
    }
  }

  /// The nodes, the root first.
  public var nodes: [Node]

  /// Creates a tree from its nodes.
  public init(nodes: [Node]) {
    self.nodes = nodes
  }

  /// The leaf value reached by row `row` of feature-major bins with `rows` rows.

  func value(bins: UnsafePointer<UInt8>, rows: Int, row: Int) -> Double {
    nodes.withUnsafeBufferPointer { nodes in
      var index = 0
      while true {
        let node = nodes[index]
        if node.feature < 0 { return node.value }
        let bin = bins[Int(node.feature) * rows + row]
        let left = bin == FeatureBinning.missingBin ? node.missingLeft : bin <= node.threshold
        index = Int(left ? node.left : node.right)
      }
    }
  }
}
