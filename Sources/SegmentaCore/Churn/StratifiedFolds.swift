/// Stratified k-fold assignment: every fold gets the same share of churners, up to one customer.
public enum StratifiedFolds {
  /// Each row's fold in 0..<`folds`: the rows of each class are shuffled with a generator seeded by
  /// `seed` and dealt to the folds in turn (churners first, non-churners continuing the rotation),
  /// so fold sizes differ by at most one and the same seed gives the same folds on any machine.
  public static func assign(labels: [Bool], folds: Int, seed: UInt64) -> [Int] {
    precondition(folds >= 2, "at least two folds")
    var rng = SplitMix64(seed: seed)
    var assignment = [Int](repeating: 0, count: labels.count)
    var next = 0
    for cls in [true, false] {
      var rows = labels.indices.filter { labels[$0] == cls }
      rows.shuffle(using: &rng)
      for row in rows {
        assignment[row] = next
        next = (next + 1) % folds
      }
    }
    return assignment
  }
}
