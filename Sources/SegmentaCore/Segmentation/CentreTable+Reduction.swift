// What the nearest-centre tile keeps per row: the folds of ``CentreTable/reduceTile(_:_:_:_:centres:norms:as:)``.
extension CentreTable {
  /// A lane-wise running reduction of one row's partial distances over the centre groups.
  ///
  /// Lane j of a fold sees the centres 8g + j of every group g in turn, so each lane keeps the best
  /// of its own centres; the lanes are combined once, after the last group.
  protocol Reduction {
    /// A fold that has seen no centre.
    init()
    /// Folds in the partial distances ‖c‖² − 2x·c of eight centres with indices `centres`.
    mutating func fold(_ distances: SIMD8<Float>, centres: SIMD8<Int32>)
  }

  /// Keeps the smallest partial distance per lane and its centre.
  struct Nearest: Reduction {
    /// The smallest partial distance seen in each lane.
    var best = SIMD8<Float>(repeating: .infinity)
    /// The centre of `best`, per lane.
    var index = SIMD8<Int32>.zero

    /// A fold that has seen no centre.
    @inline(always)
    init() {}

    /// Keeps, lane by lane, the smaller of `best` and `distances` (the earlier centre on a tie).
    @inline(always)
    mutating func fold(_ distances: SIMD8<Float>, centres: SIMD8<Int32>) {
      let closer = distances .< best
      best.replace(with: distances, where: closer)
      index.replace(with: centres, where: closer)
    }

    /// The nearest centre: the lane with the smallest distance, the lowest centre index among equals.
    @inline(always)
    var label: Int32 {
      let minimum = CentreTable.smallest(best)
      return CentreTable.smallest(index.replacing(with: .max, where: best .!= SIMD8(repeating: minimum)))
    }
  }

  /// Keeps the two smallest partial distances per lane and the centre of the smallest.
  struct NearestTwo: Reduction {
    /// The smallest partial distance seen in each lane.
    var best = SIMD8<Float>(repeating: .infinity)
    /// The second-smallest partial distance seen in each lane.
    var second = SIMD8<Float>(repeating: .infinity)
    /// The centre of `best`, per lane.
    var index = SIMD8<Int32>.zero

    /// A fold that has seen no centre.
    @inline(always)
    init() {}

    /// Keeps, lane by lane, the two smallest partial distances seen and the centre of the smallest.
    @inline(always)
    mutating func fold(_ distances: SIMD8<Float>, centres: SIMD8<Int32>) {
      let closer = distances .< best
      let between = distances .< second
      second.replace(with: distances, where: between)
      second.replace(with: best, where: closer)
      best.replace(with: distances, where: closer)
      index.replace(with: centres, where: closer)
    }

    /// The nearest centre (lowest index among equals), its partial distance, and the second-smallest
    /// partial distance overall.
    ///
    /// The winner's lane contributes its own runner-up, every other lane its best; branch-free.
    @inline(always)
    var result: (label: Int32, first: Float, second: Float) {
      let minimum = CentreTable.smallest(best)
      let label = CentreTable.smallest(index.replacing(with: .max, where: best .!= SIMD8(repeating: minimum)))
      let runnerUp = CentreTable.smallest(best.replacing(with: second, where: index .== SIMD8(repeating: label)))
      return (label, minimum, runnerUp)
    }
  }
}

extension CentreTable {
  /// Keeps the two smallest partial distances per lane and the centres they belong to, for the
  /// best and second-best matching units of a self-organising map.
  struct NearestPair: Reduction {
    /// The smallest partial distance seen in each lane.
    var best = SIMD8<Float>(repeating: .infinity)
    /// The second-smallest partial distance seen in each lane.
    var second = SIMD8<Float>(repeating: .infinity)
    /// The centre of `best`, per lane.
    var index = SIMD8<Int32>.zero
    /// The centre of `second`, per lane (−1 before a lane has seen two centres).
    var secondIndex = SIMD8<Int32>(repeating: -1)

    /// A fold that has seen no centre.
    @inline(always)
    init() {}

    /// Keeps, lane by lane, the two smallest partial distances seen and their centres.
    @inline(always)
    mutating func fold(_ distances: SIMD8<Float>, centres: SIMD8<Int32>) {
      let closer = distances .< best
      let between = distances .< second
      second.replace(with: distances, where: between)
      secondIndex.replace(with: centres, where: between)
      second.replace(with: best, where: closer)
      secondIndex.replace(with: index, where: closer)
      best.replace(with: distances, where: closer)
      index.replace(with: centres, where: closer)
    }

    /// The nearest centre and the second-nearest, each the lowest index among equals.
    ///
    /// The winner's lane contributes its own runner-up, every other lane its best; branch-free.
    @inline(always)
    var result: (first: Int32, second: Int32) {
      let minimum = CentreTable.smallest(best)
      let label = CentreTable.smallest(index.replacing(with: .max, where: best .!= SIMD8(repeating: minimum)))
      let winner = index .== SIMD8(repeating: label)
      let candidates = best.replacing(with: second, where: winner)
      let candidateIndex = index.replacing(with: secondIndex, where: winner)
      let runnerUp = CentreTable.smallest(candidates)
      let secondLabel = CentreTable.smallest(
        candidateIndex.replacing(with: .max, where: candidates .!= SIMD8(repeating: runnerUp)))
      return (label, secondLabel)
    }
  }
}
