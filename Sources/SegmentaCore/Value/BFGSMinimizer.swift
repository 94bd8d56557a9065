import RealModule

/// Unconstrained minimisation by the BFGS quasi-Newton method with a backtracking line search.
///
/// Minimises a smooth function of a few variables given its value and gradient, as scipy's
/// `minimize(method="BFGS")` does (which lifetimes calls on the log-parameters of its models). The
/// search never accepts a step whose value is not finite, so an objective that overflows far from
/// the optimum only shortens the step. It stops when every gradient component is within the
/// tolerance or when the decrease the next step promises is below what the objective's value can
/// resolve (a mean over a million customers carries rounding noise that keeps its gradient from
/// ever reaching 1e-10). Deterministic: the same start gives the same result.
public struct BFGSMinimizer: Sendable {
  /// The result of a minimisation.
  public struct Result: Sendable, Equatable {
    /// The minimising point.
    public var point: [Double]
    /// The objective there.
    public var value: Double
    /// The gradient's largest absolute component there.
    public var gradientNorm: Double
    /// Iterations taken.
    public var iterations: Int
    /// Evaluations of the objective.
    public var evaluations: Int
    /// Whether the gradient fell below the tolerance (or the value stopped changing).
    public var converged: Bool
    /// The approximation of the inverse Hessian there, row by row: a later search nearby can start
    /// from it.
    public var inverseHessian: [Double]
  }

  /// Stop when every gradient component is at most this in absolute value.
  public var gradientTolerance: Double
  /// The most iterations.
  public var maximumIterations: Int

  /// Creates a minimiser.
  public init(gradientTolerance: Double = 1e-10, maximumIterations: Int = 2_000) {
    self.gradientTolerance = gradientTolerance
    self.maximumIterations = maximumIterations
  }

  /// Minimises `objective` (value and gradient at a point) from `start`, with the identity or the
  /// given `inverseHessian` (n × n, row by row) as the first approximation of the inverse Hessian.
  public func minimize(
    from start: [Double], inverseHessian: [Double]? = nil,
    _ objective: ([Double]) -> (value: Double, gradient: [Double])
  ) -> Result {
    let n = start.count
    var x = start
    var (f, g) = objective(x)
    var evaluations = 1
    var inverse = [Double](repeating: 0, count: n * n)
    if let inverseHessian, inverseHessian.count == n * n, inverseHessian.allSatisfy(\.isFinite) {
      inverse = inverseHessian
    } else {
      for i in 0..<n { inverse[i * n + i] = 1 }
    }
    var iterations = 0
    var converged = false
    var stalled = 0
    var direction = [Double](repeating: 0, count: n)
    var candidate = [Double](repeating: 0, count: n)
    while iterations < maximumIterations {
      if !f.isFinite { break }
      if g.allSatisfy({ abs($0) <= gradientTolerance }) {
        converged = true
        break
      }
      iterations += 1
      for i in 0..<n {
        var total = 0.0
        for j in 0..<n { total -= inverse[i * n + j] * g[j] }
        direction[i] = total
      }
      var slope = zip(direction, g).reduce(0) { $0 + $1.0 * $1.1 }
      if !(slope < 0) {
        // Not a descent direction: restart from steepest descent.
        for i in 0..<n {
          for j in 0..<n { inverse[i * n + j] = i == j ? 1 : 0 }
          direction[i] = -g[i]
        }
        slope = -g.reduce(0) { $0 + $1 * $1 }
      }
      // The quasi-Newton step promises a decrease of about −slope/2; once that is below what a
      // double can resolve in f, no step can be accepted on merit and the point is the optimum.
      if -slope <= 8 * Double.ulpOfOne * max(1, abs(f)) {
        converged = true
        break
      }
      var step = 1.0
      // The first step of the search is at most 1 in every coordinate of the (log-)parameters.
      let largest = direction.reduce(0) { max($0, abs($1)) }
      if iterations == 1 && largest > 1 { step = 1 / largest }
      var accepted = false
      var newF = f
      var newG = g
      for _ in 0..<80 {
        for i in 0..<n { candidate[i] = x[i] + step * direction[i] }
        let (value, gradient) = objective(candidate)
        evaluations += 1
        if value.isFinite && gradient.allSatisfy(\.isFinite) && value <= f + 1e-4 * step * slope {
          newF = value
          newG = gradient
          accepted = true
          break
        }
        step *= 0.5
      }
      guard accepted else { break }
      var s = [Double](repeating: 0, count: n)
      var y = [Double](repeating: 0, count: n)
      for i in 0..<n {
        s[i] = candidate[i] - x[i]
        y[i] = newG[i] - g[i]
      }
      let change = abs(f - newF)
      x = candidate
      let previous = f
      f = newF
      g = newG
      if change <= 1e-16 * max(1, abs(previous)) {
        stalled += 1
        if stalled >= 5 {
          converged = true
          break
        }
      } else {
        stalled = 0
      }
      let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
      guard sy > 1e-300 else { continue }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      let rho = 1 / sy
      var hy = [Double](repeating: 0, count: n)
      for i in 0..<n {
        var total = 0.0
        for j in 0..<n { total += inverse[i * n + j] * y[j] }
        hy[i] = total
      }
      let yhy = zip(y, hy).reduce(0) { $0 + $1.0 * $1.1 }
      for i in 0..<n {
        for j in 0..<n {
          inverse[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
        }
      }
    }
    let norm = g.reduce(0) { max($0, abs($1)) }
    return Result(
      point: x, value: f, gradientNorm: norm, iterations: iterations, evaluations: evaluations,
      converged: converged || norm <= gradientTolerance, inverseHessian: inverse)
  }
}
