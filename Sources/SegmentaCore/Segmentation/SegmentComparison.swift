/// Two segmentations of the same customers side by side: the cross-table, the adjusted Rand index and
/// the best one-to-one matching of their segments.
public struct SegmentComparison: Sendable, Equatable, Codable {
  /// One matched pair of segments.
  public struct Match: Sendable, Equatable, Codable {
    /// The 0-based segment of the first segmentation.
    public var first: Int
    /// The 0-based segment of the second.
    public var second: Int
    /// Customers in both.
    public var customers: Int
    /// Their Jaccard similarity: customers in both over customers in either (of those both cover).
    public var jaccard: Double
  }

  /// Customers per (first segment, second segment) among those both segmentations cover (pandas'
  /// `crosstab`), with sizes and the customers only one of them covers.
  public var table: SegmentMigration
  /// The adjusted Rand index over the customers both cover (scikit-learn's `adjusted_rand_score`).
  public var adjustedRandIndex: Double
  /// The one-to-one matching of segments with the most customers in matched pairs (the Hungarian
  /// method; scipy's `linear_sum_assignment` on the negated table), by first segment.
  public var matches: [Match]
  /// The share of the common customers that lie in matched pairs.
  public var matchedShare: Double

  /// Compares `firstGroups` over `firstKeys` (of `firstSegments`) with `secondGroups` over `secondKeys`.
  public init(
    firstKeys: [Int64], firstGroups: [Int32], firstSegments: Int, secondKeys: [Int64], secondGroups: [Int32],
    secondSegments: Int
  ) {
    let table = SegmentMigration(
      fromKeys: firstKeys, fromGroups: firstGroups, fromSegments: firstSegments, toKeys: secondKeys,
      toGroups: secondGroups, toSegments: secondSegments)
    self.table = table
    var first: [Int32] = []
    var second: [Int32] = []
    for (index, position) in KeyPositions.positions(of: firstKeys, in: secondKeys).enumerated() where position >= 0 {
      let a = firstGroups[index]
      let b = secondGroups[Int(position)]
      guard a >= 0 && Int(a) < firstSegments && b >= 0 && Int(b) < secondSegments else { continue }
      first.append(a)
      second.append(b)
    }
    adjustedRandIndex = first.isEmpty ? .nan : ClusterQuality.adjustedRandIndex(first, second)
    let rowTotals = table.flows.map { $0.reduce(0, +) }
    let columnTotals = (0..<secondSegments).map { j in table.flows.reduce(0) { $0 + $1[j] } }
    matches = Self.bestMatching(table.flows).map { i, j in
      let both = table.flows[i][j]
      let either = rowTotals[i] + columnTotals[j] - both
      return Match(first: i, second: j, customers: both, jaccard: either > 0 ? Double(both) / Double(either) : 0)
    }
    let common = table.common
    matchedShare = common > 0 ? Double(matches.reduce(0) { $0 + $1.customers }) / Double(common) : 0
  }

  /// The pairs (row, column) of a one-to-one assignment maximising the summed counts, by row; as many
  /// pairs as the smaller side has segments.
  ///
  /// The Hungarian method with potentials (Kuhn 1955, Munkres 1957) on the square matrix of negated
  /// counts padded with zeros, O(n³) for n segments.
  public static func bestMatching(_ counts: [[Int]]) -> [(Int, Int)] {
    let rows = counts.count
    let columns = counts.first?.count ?? 0
    let n = max(rows, columns)
    guard n > 0 else { return [] }
    func cost(_ i: Int, _ j: Int) -> Int { i < rows && j < columns ? -counts[i][j] : 0 }
    // 1-based arrays as in the classic formulation; column 0 is the virtual start.
    var u = [Int](repeating: 0, count: n + 1)
    var v = [Int](repeating: 0, count: n + 1)
    var rowOfColumn = [Int](repeating: 0, count: n + 1)
    var way = [Int](repeating: 0, count: n + 1)
    for i in 1...n {
      rowOfColumn[0] = i
      var column = 0
      var least = [Int](repeating: Int.max, count: n + 1)
      var used = [Bool](repeating: false, count: n + 1)
      repeat {
        used[column] = true
        let row = rowOfColumn[column]
        var delta = Int.max
        var next = 0
        for j in 1...n where !used[j] {
          let reduced = cost(row - 1, j - 1) - u[row] - v[j]
          if reduced < least[j] {
            least[j] = reduced
            way[j] = column
          }
          if least[j] < delta {
            delta = least[j]
            next = j
          }
        }
        for j in 0...n {
          if used[j] {
            u[rowOfColumn[j]] += delta
            v[j] -= delta
          } else {
            least[j] -= delta
          }
        }
        column = next
      } while rowOfColumn[column] != 0
      repeat {
        let previous = way[column]
        rowOfColumn[column] = rowOfColumn[previous]
        column = previous
      } while column != 0
    }
    var pairs: [(Int, Int)] = []
    for j in 1...n where rowOfColumn[j] - 1 < rows && j - 1 < columns {
      pairs.append((rowOfColumn[j] - 1, j - 1))
    }
    return pairs.sorted { $0.0 < $1.0 }
  }
}
