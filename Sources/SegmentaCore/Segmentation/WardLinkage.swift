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
