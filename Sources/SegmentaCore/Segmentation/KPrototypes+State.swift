// The running state of one k-prototypes start: members, sums and value counts per cluster, updated
// as rows move (kmodes' `membship`, `cl_attr_sum`, `cl_memb_sum` and `cl_attr_freq`).
extension KPrototypes {
  struct State {
    let data: MixedMatrix
    let gamma: Double
    let k: Int
    /// The prototypes' means, `k × p`.
    var numeric: [Double]
    /// The prototypes' modes, `k × m`.
    var modes: [UInt32]
    /// Each row's cluster.
    var membership: [Int32]
    /// Σ of the members' numeric values, `k × p`.
    var sums: [Double]
    /// The members of each cluster.
    var counts: [Int]
    /// The count of every code of every column in every cluster: cluster j, column c, code v at
    /// `j * levelTotal + offsets[c] + v`.
    var frequencies: [Int]
    /// Where each column's codes start within a cluster's counts.
    let offsets: [Int]
    let levelTotal: Int

    init(data: MixedMatrix, numeric: [Double], modes: [UInt32], gamma: Double) {
      self.data = data
      self.gamma = gamma
      k = data.numericColumns > 0 ? numeric.count / data.numericColumns : modes.count / max(1, data.categoricalColumns)
      self.numeric = numeric
      self.modes = modes
      membership = []
      sums = [Double](repeating: 0, count: k * data.numericColumns)
      counts = [Int](repeating: 0, count: k)
      offsets = data.levels.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1) }
      levelTotal = offsets[offsets.count - 1]
      frequencies = [Int](repeating: 0, count: k * levelTotal)
    }

    /// Takes the first assignment, fills every empty cluster from the largest one, and sets the
    /// prototypes to the members' means and modes (kmodes' "initial centroid update").
    mutating func gather(_ labels: [Int32], using rng: inout SplitMix64) {
      membership = labels
      let p = data.numericColumns
      let m = data.categoricalColumns
      for row in 0..<data.rows {
        let j = Int(labels[row])
        counts[j] += 1
        for f in 0..<p { sums[j * p + f] += data.numeric[row * p + f] }
        for c in 0..<m { frequencies[j * levelTotal + offsets[c] + Int(data.categorical[row * m + c])] += 1 }
      }
      for j in 0..<k where counts[j] == 0 { refill(j, using: &rng) }
      for j in 0..<k {
        for f in 0..<p { numeric[j * p + f] = sums[j * p + f] / Double(counts[j]) }
        for c in 0..<m { modes[j * m + c] = mostFrequent(cluster: j, column: c) }
      }
    }

    /// One pass over the rows in order, moving each to its nearest prototype; returns the moves.
    mutating func pass(using rng: inout SplitMix64) -> Int {
      let p = data.numericColumns
      let m = data.categoricalColumns
      var moves = 0
      for row in 0..<data.rows {
        var best = 0
        var bestDistance = Double.infinity
        data.numeric.withSharedPointer { x in
          data.categorical.withSharedPointer { codes in
            numeric.withSharedPointer { centres in
              modes.withSharedPointer { modePointer in
                for j in 0..<k {
                  let d = dissimilarity(
                    x.base + row * p, codes.base + row * m, centres.base + j * p, modePointer.base + j * m, p: p,
                    m: m, gamma: gamma)
                  if d < bestDistance {
                    best = j
                    bestDistance = d
                  }
                }
              }
            }
          }
        }
        let from = Int(membership[row])
        guard best != from else { continue }
        moves += 1
        move(row, from: from, to: best)
        if counts[from] == 0 { refill(from, using: &rng) }
      }
      return moves
    }

    /// Moves a seeded random row of the largest cluster (the first among equals) into the empty
    /// cluster `empty`.
    mutating func refill(_ empty: Int, using rng: inout SplitMix64) {
      let largest = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) } ?? 0
      let chosen = Int.random(in: 0..<counts[largest], using: &rng)
      var seen = 0
      for row in 0..<data.rows where Int(membership[row]) == largest {
        if seen == chosen {
          move(row, from: largest, to: empty)
          return
        }
        seen += 1
      }
    }

    /// Moves `row` between clusters, updating sums, counts, value counts, means and modes.
    mutating func move(_ row: Int, from: Int, to: Int) {
      let p = data.numericColumns
      let m = data.categoricalColumns
      membership[row] = Int32(to)
      counts[to] += 1
      counts[from] -= 1
      for f in 0..<p {
        let value = data.numeric[row * p + f]
        sums[to * p + f] += value
        sums[from * p + f] -= value
      }
      for c in 0..<m {
        let code = data.categorical[row * m + c]
        let toBase = to * levelTotal + offsets[c]
        frequencies[toBase + Int(code)] += 1
        let mode = Int(modes[to * m + c])
        if mode >= data.levels[c] || frequencies[toBase + mode] < frequencies[toBase + Int(code)] {
          modes[to * m + c] = code
        }
        frequencies[from * levelTotal + offsets[c] + Int(code)] -= 1
        if modes[from * m + c] == code { modes[from * m + c] = mostFrequent(cluster: from, column: c) }
      }
      updateMean(to)
      updateMean(from)
    }

    /// Sets `cluster`'s numeric prototype to its members' mean (0 when it has none, as kmodes).
    mutating func updateMean(_ cluster: Int) {
      let p = data.numericColumns
      for f in 0..<p {
        numeric[cluster * p + f] = counts[cluster] > 0 ? sums[cluster * p + f] / Double(counts[cluster]) : 0
      }
    }

    /// The most frequent code of `column` in `cluster`, the smallest among equals.
    func mostFrequent(cluster: Int, column: Int) -> UInt32 {
      let base = cluster * levelTotal + offsets[column]
      var best = 0
      for code in 1..<max(1, data.levels[column]) where frequencies[base + code] > frequencies[base + best] {
        best = code
      }
      return UInt32(best)
    }
  }
}
