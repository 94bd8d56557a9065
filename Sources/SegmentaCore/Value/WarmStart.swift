/// A start for a maximum-likelihood search over many customers: the optimum of a systematic sample
/// of them, with the curvature the sample's search learnt.
///
/// On a million customers most BFGS iterations are spent walking from the default start to the
/// neighbourhood of the optimum; a sample of fifty thousand customers finds that neighbourhood in a
/// fraction of the time, and the search on all customers then takes a few iterations. The optimum
/// is the one of all customers: only the path to it changes.
enum WarmStart {
  /// The point and inverse Hessian to start the search over weighted distinct rows from: `start` and
  /// none when the customers are few, otherwise the optimum of the objective that `sample` builds
  /// from the rows it is given with their sampled weights.
  ///
  /// The sample takes every k-th customer in row order (row i keeps
  /// ⌊(W₁ + … + Wᵢ)/k⌋ − ⌊(W₁ + … + Wᵢ₋₁)/k⌋ of its Wᵢ customers), so common rows keep their
  /// share and the sample is the same on every run.
  static func search(
    weights: [Double], from start: [Double], sampleSize: Double = 50_000,
    sample: (_ rows: [Int], _ weights: [Double]) -> ([Double]) -> (value: Double, gradient: [Double])
  ) -> (point: [Double], inverseHessian: [Double]?) {
    let total = weights.reduce(0, +)
    guard total > 4 * sampleSize else { return (start, nil) }
    let step = (total / sampleSize).rounded(.down)
    var rows: [Int] = []
    var kept: [Double] = []
    var cumulative = 0.0
    for (row, weight) in weights.enumerated() {
      let before = (cumulative / step).rounded(.down)
      cumulative += weight
      let taken = (cumulative / step).rounded(.down) - before
      if taken > 0 {
        rows.append(row)
        kept.append(taken)
      }
    }
    guard rows.count > 1 else { return (start, nil) }
    let result = BFGSMinimizer(gradientTolerance: 1e-8).minimize(from: start, sample(rows, kept))
    guard result.value.isFinite, result.point.allSatisfy(\.isFinite) else { return (start, nil) }
    return (result.point, result.inverseHessian)
  }
}
