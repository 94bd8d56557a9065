import Dispatch

/// Grows one tree of histogram gradient boosting, best leaf first (scikit-learn's `TreeGrower`).
///
/// Every node keeps a histogram per feature (sum of gradients, sum of hessians and count per bin).
/// A split's gain is G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ); missing values go to the side
/// that gains more. The leaf with the largest gain is split next until `maxLeafNodes` leaves; the
/// smaller child's histogram is summed from its rows and the larger one's is the parent's minus it.
/// Histograms are summed feature by feature on all cores, each feature in row order, so the tree
/// does not depend on the number of cores.
final class TreeGrower {
  /// Bins, feature-major (`feature · rows + row`).
  let bins: UnsafePointer<UInt8>
  let rows: Int
  let features: Int
  /// Value bins of each feature (thresholds + 1).
  let valueBins: [Int]
  let gradients: UnsafePointer<Float>
  let hessians: UnsafePointer<Float>
  let options: GradientBoostingOptions
  /// Row indices, partitioned so that every node's rows are contiguous.
  let indices: UnsafeMutablePointer<Int32>
  let scratch: UnsafeMutablePointer<Int32>
  let orderedGradients: UnsafeMutablePointer<Float>
  let orderedHessians: UnsafeMutablePointer<Float>

  /// Doubles per feature in a histogram: 256 bins × (gradient, hessian, count).
  static let featureStride = 256 * 3

  init(
    bins: UnsafePointer<UInt8>, rows: Int, valueBins: [Int], gradients: UnsafePointer<Float>,
    hessians: UnsafePointer<Float>, options: GradientBoostingOptions
  ) {
    self.bins = bins
    self.rows = rows
    self.features = valueBins.count
    self.valueBins = valueBins
    self.gradients = gradients
    self.hessians = hessians
    self.options = options
    indices = .allocate(capacity: max(1, rows))
    scratch = .allocate(capacity: max(1, rows))
    orderedGradients = .allocate(capacity: max(1, rows))
    orderedHessians = .allocate(capacity: max(1, rows))
  }

  deinit {
    indices.deallocate()
    scratch.deallocate()
    orderedGradients.deallocate()
    orderedHessians.deallocate()
  }

  /// A node's histograms.
  final class Histogram: @unchecked Sendable {
    let values: UnsafeMutablePointer<Double>
    let count: Int
    init(features: Int) {
      count = features * TreeGrower.featureStride
      values = .allocate(capacity: max(1, count))
    }
    deinit { values.deallocate() }
  }

  /// The best split of a node.
  struct Split {
    var feature = -1
    var threshold = 0
    var missingLeft = false
    var gain = 0.0
    var leftGradient = 0.0
    var leftHessian = 0.0
    var leftCount = 0
  }

  /// A node while the tree grows.
  struct Growing {
    var start: Int
    var count: Int
    var gradient: Double
    var hessian: Double
    var histogram: Histogram?
    var split: Split?
    /// Its index in the finished tree's nodes.
    var node: Int
  }

  /// Grows a tree over every row; adds each leaf's value to `raw` for its rows and each split's
  /// loss reduction to `importance`.
  func grow(raw: UnsafeMutablePointer<Double>, importance: inout [Double]) -> BoostedTree {
    for i in 0..<rows { indices[i] = Int32(i) }
    var totalGradient = 0.0
    var totalHessian = 0.0
    for i in 0..<rows {
      totalGradient += Double(gradients[i])
      totalHessian += Double(hessians[i])
    }
    var nodes = [BoostedTree.Node(feature: -1, threshold: 0, missingLeft: false, left: -1, right: -1, value: 0)]
    var root = Growing(
      start: 0, count: rows, gradient: totalGradient, hessian: totalHessian, histogram: nil, split: nil, node: 0)
    if splittable(root) {
      root.histogram = histogram(start: 0, count: rows, root: true)
      root.split = bestSplit(root)
    }
    var leaves = [root]
    while leaves.count < options.maxLeafNodes {
      var best = -1
      for (index, leaf) in leaves.enumerated() {
        guard let split = leaf.split else { continue }
        if best < 0 || split.gain > (leaves[best].split?.gain ?? 0) { best = index }
      }
      guard best >= 0, let split = leaves[best].split else { break }
      let parent = leaves.remove(at: best)
      importance[split.feature] += split.gain / 2
      partition(parent, split)
      let leftNode = nodes.count
      nodes.append(BoostedTree.Node(feature: -1, threshold: 0, missingLeft: false, left: -1, right: -1, value: 0))
      nodes.append(BoostedTree.Node(feature: -1, threshold: 0, missingLeft: false, left: -1, right: -1, value: 0))
      nodes[parent.node] = BoostedTree.Node(
        feature: Int32(split.feature), threshold: UInt8(split.threshold), missingLeft: split.missingLeft,
        left: Int32(leftNode), right: Int32(leftNode + 1), value: 0)
      var left = Growing(
        start: parent.start, count: split.leftCount, gradient: split.leftGradient, hessian: split.leftHessian,
        histogram: nil, split: nil, node: leftNode)
      var right = Growing(
        start: parent.start + split.leftCount, count: parent.count - split.leftCount,
        gradient: parent.gradient - split.leftGradient, hessian: parent.hessian - split.leftHessian,
        histogram: nil, split: nil, node: leftNode + 1)
      let canSplitLeft = splittable(left)
      let canSplitRight = splittable(right)
      if canSplitLeft || canSplitRight, let parentHistogram = parent.histogram {
        let smallerIsLeft = left.count <= right.count
        let small = smallerIsLeft ? left : right
        let smallHistogram = histogram(start: small.start, count: small.count, root: false)
        let largeHistogram = parentHistogram
        let total = largeHistogram.count
        for k in 0..<total { largeHistogram.values[k] -= smallHistogram.values[k] }
        left.histogram = smallerIsLeft ? smallHistogram : largeHistogram
        right.histogram = smallerIsLeft ? largeHistogram : smallHistogram
        if canSplitLeft { left.split = bestSplit(left) }
        if canSplitRight { right.split = bestSplit(right) }
        if left.split == nil { left.histogram = nil }
        if right.split == nil { right.histogram = nil }
      }
      leaves.append(left)
      leaves.append(right)
    }
    for leaf in leaves {
      let value =
        -options.learningRate * leaf.gradient / (leaf.hessian + options.l2Regularization + 1e-15)
      nodes[leaf.node].value = value
      for k in leaf.start..<(leaf.start + leaf.count) { raw[Int(indices[k])] += value }
    }
    return BoostedTree(nodes: nodes)
  }

  private func splittable(_ node: Growing) -> Bool {
    node.count >= 2 * options.minSamplesLeaf && node.hessian >= 2 * GradientBoostingOptions.minHessian
  }

  /// Sums the histograms of the rows `indices[start ..< start + count]`.
  private func histogram(start: Int, count: Int, root: Bool) -> Histogram {
    let histogram = Histogram(features: features)
    if !root {
      for k in 0..<count {
        let row = Int(indices[start + k])
        orderedGradients[k] = gradients[row]
        orderedHessians[k] = hessians[row]
      }
    }
    let target = SharedMutablePointer(histogram.values)
    let binsPointer = SharedPointer(bins)
    let indexPointer = SharedPointer(UnsafePointer(indices + start))
    let g = SharedPointer(root ? gradients : UnsafePointer(orderedGradients))
    let h = SharedPointer(root ? hessians : UnsafePointer(orderedHessians))
    let rows = rows
    DispatchQueue.concurrentPerform(iterations: features) { feature in
      let sums = target.base + feature * TreeGrower.featureStride
      sums.initialize(repeating: 0, count: TreeGrower.featureStride)
      let column = binsPointer.base + feature * rows
      if root {
        for k in 0..<count {
          let b = Int(column[k]) &* 3
          sums[b] += Double(g.base[k])
          sums[b &+ 1] += Double(h.base[k])
          sums[b &+ 2] += 1
        }
      } else {
        for k in 0..<count {
          let b = Int(column[Int(indexPointer.base[k])]) &* 3
          sums[b] += Double(g.base[k])
          sums[b &+ 1] += Double(h.base[k])
          sums[b &+ 2] += 1
        }
      }
    }
    return histogram
  }

  /// The split of `node` with the largest positive gain, or nil.
  private func bestSplit(_ node: Growing) -> Split? {
    guard let histogram = node.histogram else { return nil }
    let values = SharedPointer(UnsafePointer(histogram.values))
    let lambda = options.l2Regularization
    let minLeaf = options.minSamplesLeaf
    let minHessian = GradientBoostingOptions.minHessian
    let parentScore = node.gradient * node.gradient / (node.hessian + lambda)
    let valueBins = valueBins
    let candidates = ParallelBlocks.map(count: features) { feature -> Split? in
      let sums = values.base + feature * TreeGrower.featureStride
      let missing = Int(FeatureBinning.missingBin) * 3
      let missingGradient = sums[missing]
      let missingHessian = sums[missing + 1]
      let missingCount = Int(sums[missing + 2])
      let bins = valueBins[feature]
      var best: Split?
      var gradient = 0.0
      var hessian = 0.0
      var count = 0
      func consider(_ threshold: Int, _ lg: Double, _ lh: Double, _ lc: Int, missingLeft: Bool) {
        let rc = node.count - lc
        let rh = node.hessian - lh
        guard lc >= minLeaf, rc >= minLeaf, lh >= minHessian, rh >= minHessian else { return }
        let rg = node.gradient - lg
        let gain = lg * lg / (lh + lambda) + rg * rg / (rh + lambda) - parentScore
        guard gain > 0, gain > (best?.gain ?? 0) else { return }
        best = Split(
          feature: feature, threshold: threshold, missingLeft: missingLeft, gain: gain, leftGradient: lg,
          leftHessian: lh, leftCount: lc)
      }
      let lastThreshold = missingCount > 0 ? bins - 1 : bins - 2
      if lastThreshold >= 0 {
        for threshold in 0...lastThreshold {
          gradient += sums[threshold * 3]
          hessian += sums[threshold * 3 + 1]
          count += Int(sums[threshold * 3 + 2])
          if missingCount > 0 {
            consider(threshold, gradient, hessian, count, missingLeft: false)
            if threshold < bins - 1 {
              consider(
                threshold, gradient + missingGradient, hessian + missingHessian, count + missingCount,
                missingLeft: true)
            }
          } else {
            consider(threshold, gradient, hessian, count, missingLeft: false)
          }
        }
      }
      // Without missing values in training, a missing value follows the larger child.
      if missingCount == 0, var split = best {
        split.missingLeft = split.leftCount >= node.count - split.leftCount
        best = split
      }
      return best
    }
    var best: Split?
    for candidate in candidates {
      guard let candidate else { continue }
      if candidate.gain > (best?.gain ?? 0) { best = candidate }
    }
    return best
  }

  /// Moves the node's rows that go left before those that go right, keeping their order.
  private func partition(_ node: Growing, _ split: Split) {
    let column = bins + split.feature * rows
    let threshold = UInt8(split.threshold)
    var left = node.start
    var right = 0
    for k in node.start..<(node.start + node.count) {
      let row = indices[k]
      let bin = column[Int(row)]
      let goesLeft = bin == FeatureBinning.missingBin ? split.missingLeft : bin <= threshold
      if goesLeft {
        indices[left] = row
        left += 1
      } else {
        scratch[right] = row
        right += 1
      }
    }
    (indices + left).update(from: scratch, count: right)
  }
}
