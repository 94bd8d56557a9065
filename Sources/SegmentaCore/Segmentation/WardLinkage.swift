/// Ward's minimum-variance linkage of weighted points, used to merge k-means clusters into groups.
///
/// Each point (a cluster centre) starts as a cluster of its weight (the cluster's size). The
/// distance between clusters A and B is √(2·w_A·w_B/(w_A + w_B))·‖c_A − c_B‖, updated with the
/// Lance–Williams formula; this is the distance scipy's `linkage(method="ward")` reports, and the
/// merges equal scipy's on the data with every centre repeated `weight` times.
public enum WardLinkage {
  /// The n − 1 merges of `points` (each `dimensions` long) with `weights`, lowest first.
  public static func merges(points: [[Double]], weights: [Double]) -> [WardMerge] {
    let n = points.count
    guard n > 1 else { return [] }
    var distance = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
      for j in 0..<n where i != j {
        var squared = 0.0
        for (a, b) in zip(points[i], points[j]) { squared += (a - b) * (a - b) }
        distance[i][j] = (2 * weights[i] * weights[j] / (weights[i] + weights[j]) * squared).squareRoot()
      }
    }
    var active = Array(0..<n)
    var node = Array(0..<n)  // the node id of each active slot
    var weight = weights
    var merges: [WardMerge] = []
    while active.count > 1 {
      var bestA = 0
      var bestB = 1
      var best = Double.infinity
      for x in 0..<active.count {
        for y in (x + 1)..<active.count {
          let d = distance[active[x]][active[y]]
          if d < best {
            best = d
            bestA = x
            bestB = y
          }
        }
      }
      let a = active[bestA]
      let b = active[bestB]
      let merged = weight[a] + weight[b]
      for m in active where m != a && m != b {
        let wm = weight[m]
        let updated =
          ((wm + weight[a]) * distance[a][m] * distance[a][m] + (wm + weight[b]) * distance[b][m] * distance[b][m]
            - wm * best * best) / (merged + wm)
        distance[a][m] = max(0, updated).squareRoot()
        distance[m][a] = distance[a][m]
      }
      merges.append(
        WardMerge(first: min(node[a], node[b]), second: max(node[a], node[b]), height: best, weight: merged))
      weight[a] = merged
      node[a] = n + merges.count - 1
      active.remove(at: bestB)
    }
    return merges
  }

  /// The n − 1 merges of `weights.count` weighted points, given as rows of `dimensions` values in
  /// `points`, lowest first: the same tree as ``merges(points:weights:)`` (up to rounding and the
  /// order of equal heights), found with the nearest-neighbour chain (Murtagh 1983) on the
  /// clusters' centroids, d(A, B)² = 2·w_A·w_B/(w_A + w_B)·‖c_A − c_B‖², in O(n²·d) time and O(n·d)
  /// memory, for the thousands of units of a large self-organising map.
  public static func chainMerges(points: [Double], dimensions: Int, weights: [Double]) -> [WardMerge] {
    let n = weights.count
    guard n > 1 else { return [] }
    var centroids = points
    var weight = weights
    var alive = [Bool](repeating: true, count: n)
    var node = Array(0..<n)
    var created: [WardMerge] = []
    var chain: [Int] = []
    var remaining = n
    func distance(_ a: Int, _ b: Int) -> Double {
      centroids.withUnsafeBufferPointer { c in
        var squared = 0.0
        for f in 0..<dimensions {
          let d = c[a * dimensions + f] - c[b * dimensions + f]
          squared += d * d
        }
        return 2 * weight[a] * weight[b] / (weight[a] + weight[b]) * squared
      }
    }
    while remaining > 1 {
      if chain.isEmpty, let first = alive.firstIndex(of: true) { chain.append(first) }
      let a = chain[chain.count - 1]
      // The previous cluster of the chain wins ties, so that the chain always ends in a merge.
      let previous = chain.count >= 2 ? chain[chain.count - 2] : -1
      var nearest = previous
      var nearestDistance = previous >= 0 ? distance(a, previous) : .infinity
      for j in 0..<n where alive[j] && j != a {
        let d = distance(a, j)
        if d < nearestDistance {
          nearest = j
          nearestDistance = d
        }
      }
      guard nearest == previous else {
        chain.append(nearest)
        continue
      }
      chain.removeLast(2)
      let (kept, gone) = (min(a, previous), max(a, previous))
      let merged = weight[kept] + weight[gone]
      for f in 0..<dimensions {
        centroids[kept * dimensions + f] =
          (weight[kept] * centroids[kept * dimensions + f] + weight[gone] * centroids[gone * dimensions + f]) / merged
      }
      created.append(
        WardMerge(
          first: min(node[kept], node[gone]), second: max(node[kept], node[gone]),
          height: nearestDistance.squareRoot(), weight: merged))
      weight[kept] = merged
      alive[gone] = false
      node[kept] = n + created.count - 1
      remaining -= 1
    }
    // Ward's heights never fall from a merge to its parent; rounding may, so parents are raised to
    // their children's height before the merges are sorted (children first among equals).
    for index in created.indices {
      for child in [created[index].first, created[index].second] where child >= n {
        created[index].height = max(created[index].height, created[child - n].height)
      }
    }
    let order = created.indices.sorted {
      created[$0].height < created[$1].height || (created[$0].height == created[$1].height && $0 < $1)
    }
    var renamed = Array(0..<(2 * n - 1))
    for (position, index) in order.enumerated() { renamed[n + index] = n + position }
    return order.map { index in
      let merge = created[index]
      let (a, b) = (renamed[merge.first], renamed[merge.second])
      return WardMerge(first: min(a, b), second: max(a, b), height: merge.height, weight: merge.weight)
    }
  }

  /// The group (0-based) of each of the `leaves` points when the tree is cut into `groups` clusters.
  ///
  /// The last `groups − 1` merges are undone; groups are numbered by their smallest leaf.
  public static func groups(merges: [WardMerge], leaves: Int, groups: Int) -> [Int] {
    precondition(groups >= 1 && groups <= leaves)
    var parent = Array(0..<(leaves + merges.count))
    func root(_ x: Int) -> Int {
      var x = x
      while parent[x] != x { x = parent[x] }
      return x
    }
    for (index, merge) in merges.prefix(leaves - groups).enumerated() {
      let id = leaves + index
      parent[root(merge.first)] = id
      parent[root(merge.second)] = id
    }
    var numbering: [Int: Int] = [:]
    return (0..<leaves).map { leaf in
      let r = root(leaf)
      if let group = numbering[r] { return group }
      numbering[r] = numbering.count
      return numbering.count - 1
    }
  }
}
