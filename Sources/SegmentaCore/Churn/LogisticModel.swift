import Dispatch
import RealModule

/// L2-regularised logistic regression on standardised features, the linear churn model.
///
/// Fitting minimises C · Σᵢ [log(1 + e^{ηᵢ}) − yᵢηᵢ] + ½‖w‖², ηᵢ = b + Σⱼ wⱼ zᵢⱼ, where zᵢⱼ = (xᵢⱼ − μⱼ)/σⱼ
/// are the features standardised with the training rows' mean and population standard deviation
/// (scikit-learn's `StandardScaler`) and the intercept b is not penalised: the objective of
/// scikit-learn's `LogisticRegression(C=1.0)`. It is minimised by Newton's method (iteratively
/// reweighted least squares) with step halving; the gradient and Hessian are summed over fixed
/// chunks of rows on all cores and reduced in chunk order, so a fit is identical on any number of
/// cores. A missing value is replaced by the feature's training mean (z = 0).
public struct LogisticModel: Sendable, Equatable, Codable {
  /// Each feature's training mean (also the value a missing one takes).
  public var means: [Double]
  /// Each feature's training population standard deviation (1 for a constant feature).
  public var scales: [Double]
  /// The weight of each standardised feature.
  public var coefficients: [Double]
  /// The intercept b.
  public var intercept: Double
  /// The inverse regularisation strength C.
  public var inverseRegularization: Double
  /// Newton iterations taken.
  public var iterations: Int

  /// Creates a model from its parameters.
  public init(
    means: [Double], scales: [Double], coefficients: [Double], intercept: Double, inverseRegularization: Double,
    iterations: Int
  ) {
    self.means = means
    self.scales = scales
    self.coefficients = coefficients
    self.intercept = intercept
    self.inverseRegularization = inverseRegularization
    self.iterations = iterations
  }

  /// Rows per chunk of the parallel sums.
  static let chunkRows = 4096

  /// Fits the model on `rows` of `columns` (one array per feature, NaN missing) with `labels`
  /// (true = churned), C = `inverseRegularization`.
  public static func fit(
    columns: [[Double]], labels: [Bool], rows: [Int], inverseRegularization c: Double = 1, maxIterations: Int = 100
  ) -> LogisticModel {
    let p = columns.count
    let n = rows.count
    var means = [Double](repeating: 0, count: p)
    var scales = [Double](repeating: 1, count: p)
    for j in 0..<p {
      let column = columns[j]
      var sum = 0.0
      var count = 0
      for row in rows where !column[row].isNaN {
        sum += column[row]
        count += 1
      }
      let mean = count > 0 ? sum / Double(count) : 0
      var squares = 0.0
      for row in rows where !column[row].isNaN {
        let d = column[row] - mean
        squares += d * d
      }
      let sd = count > 0 ? (squares / Double(count)).squareRoot() : 0
      means[j] = mean
      scales[j] = sd > 0 && sd.isFinite ? sd : 1
    }
    // Standardised training matrix, one contiguous Float32 column per feature.
    var z = [Float](repeating: 0, count: max(1, n * p))
    var y = [Float](repeating: 0, count: max(1, n))
    for (i, row) in rows.enumerated() { y[i] = labels[row] ? 1 : 0 }
    for j in 0..<p {
      let column = columns[j]
      let mean = means[j]
      let scale = scales[j]
      z.withUnsafeMutableBufferPointer { target in
        for (i, row) in rows.enumerated() {
          let value = column[row]
          target[j * n + i] = value.isNaN ? 0 : Float((value - mean) / scale)
        }
      }
    }
    var weights = [Double](repeating: 0, count: p + 1)  // p coefficients, then the intercept
    let positives = y.prefix(n).reduce(0) { $0 + Double($1) }
    if positives > 0 && positives < Double(n) { weights[p] = Double.log(positives / (Double(n) - positives)) }
    var current = Self.evaluate(z: z, y: y, n: n, p: p, weights: weights, c: c)
    var iterations = 0
    while iterations < maxIterations {
      iterations += 1
      guard let step = Self.solve(current.hessian, current.gradient, dimension: p + 1) else { break }
      var scale = 1.0
      var accepted = false
      var candidateWeights = weights
      while scale > 1e-10 {
        for k in 0...p { candidateWeights[k] = weights[k] - scale * step[k] }
        let candidate = Self.evaluate(z: z, y: y, n: n, p: p, weights: candidateWeights, c: c)
        if candidate.objective <= current.objective + 1e-12 * max(1, abs(current.objective)) {
          let change = current.objective - candidate.objective
          weights = candidateWeights
          current = candidate
          accepted = true
          if change <= 1e-12 * max(1, abs(candidate.objective)) { iterations = maxIterations }
          break
        }
        scale /= 2
      }
      let largest = step.reduce(0) { max($0, abs($1)) } * scale
      if !accepted || largest < 1e-9 { break }
    }
    return LogisticModel(
      means: means, scales: scales, coefficients: Array(weights.prefix(p)), intercept: weights[p],
      inverseRegularization: c, iterations: min(iterations, maxIterations))
  }

  /// The objective, gradient and Hessian (row-major, (p+1)²) at `weights`.
  private static func evaluate(z: [Float], y: [Float], n: Int, p: Int, weights: [Double], c: Double) -> (
    objective: Double, gradient: [Double], hessian: [Double]
  ) {
    let d = p + 1
    let stride = 1 + d + d * d
    let chunks = Parallel.chunkCount(n, size: chunkRows)
    let partials = SharedBuffer<Double>(count: max(1, chunks) * stride)
    z.withSharedPointer { zp in
      y.withSharedPointer { yp in
        weights.withSharedPointer { wp in
          let out = SharedMutablePointer(partials.pointer)
          Parallel.forEachChunk(rows: n, size: chunkRows) { chunk, range in
            let count = range.count
            let eta = UnsafeMutablePointer<Double>.allocate(capacity: count)
            let weighted = UnsafeMutablePointer<Double>.allocate(capacity: count)
            let residual = UnsafeMutablePointer<Double>.allocate(capacity: count)
            let curvature = UnsafeMutablePointer<Double>.allocate(capacity: count)
            defer {
              eta.deallocate()
              weighted.deallocate()
              residual.deallocate()
              curvature.deallocate()
            }
            eta.initialize(repeating: wp.base[p], count: count)
            for j in 0..<p {
              let w = wp.base[j]
              let column = zp.base + j * n + range.lowerBound
              for i in 0..<count { eta[i] += w * Double(column[i]) }
            }
            var loss = 0.0
            for i in 0..<count {
              let e = eta[i]
              let label = Double(yp.base[range.lowerBound + i])
              let probability = e >= 0 ? 1 / (1 + Double.exp(-e)) : Double.exp(e) / (1 + Double.exp(e))
              loss += Double.log(onePlus: Double.exp(-abs(e))) + max(e, 0) - label * e
              residual[i] = probability - label
              curvature[i] = probability * (1 - probability)
            }
            let base = out.base + chunk * stride
            base[0] = loss
            let gradient = base + 1
            let hessian = base + 1 + d
            for j in 0..<p {
              let column = zp.base + j * n + range.lowerBound
              var g = 0.0
              var hIntercept = 0.0
              for i in 0..<count {
                let x = Double(column[i])
                g += residual[i] * x
                weighted[i] = curvature[i] * x
                hIntercept += weighted[i]
              }
              gradient[j] = g
              hessian[j * d + p] = hIntercept
              for k in 0...j {
                let other = zp.base + k * n + range.lowerBound
                var h = 0.0
                for i in 0..<count { h += weighted[i] * Double(other[i]) }
                hessian[j * d + k] = h
              }
            }
            var gIntercept = 0.0
            var hIntercept = 0.0
            for i in 0..<count {
              gIntercept += residual[i]
              hIntercept += curvature[i]
            }
            gradient[p] = gIntercept
            hessian[p * d + p] = hIntercept
          }
        }
      }
    }
    var objective = 0.0
    var gradient = [Double](repeating: 0, count: d)
    var hessian = [Double](repeating: 0, count: d * d)
    for chunk in 0..<chunks {
      let base = partials.pointer + chunk * stride
      objective += base[0]
      for k in 0..<d { gradient[k] += base[1 + k] }
      for k in 0..<(d * d) { hessian[k] += base[1 + d + k] }
    }
    objective *= c
    for k in 0..<d { gradient[k] *= c }
    for j in 0..<d {
      for k in 0...j {
        // The sums filled the lower triangle and the intercept column.
        let value = c * (k == p ? hessian[j * d + p] : (j == p ? hessian[k * d + p] : hessian[j * d + k]))
        hessian[j * d + k] = value
        hessian[k * d + j] = value
      }
    }
    for j in 0..<p {
      objective += 0.5 * weights[j] * weights[j]
      gradient[j] += weights[j]
      hessian[j * d + j] += 1
    }
    return (objective, gradient, hessian)
  }

  /// Solves H x = g by Cholesky decomposition; nil when H is not positive definite.
  private static func solve(_ h: [Double], _ g: [Double], dimension d: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: d * d)
    for j in 0..<d {
      var diagonal = h[j * d + j]
      for k in 0..<j { diagonal -= l[j * d + k] * l[j * d + k] }
      guard diagonal > 0, diagonal.isFinite else { return nil }
      let root = diagonal.squareRoot()
      l[j * d + j] = root
      for i in (j + 1)..<max(d, j + 1) {
        var value = h[i * d + j]
        for k in 0..<j { value -= l[i * d + k] * l[j * d + k] }
        l[i * d + j] = value / root
      }
    }
    var x = g
    for i in 0..<d {
      for k in 0..<i { x[i] -= l[i * d + k] * x[k] }
      x[i] /= l[i * d + i]
    }
    for i in stride(from: d - 1, through: 0, by: -1) {
      for k in (i + 1)..<max(d, i + 1) { x[i] -= l[k * d + i] * x[k] }
      x[i] /= l[i * d + i]
    }
    return x
  }

  /// The churn probability σ(η) of `rows` of `columns` (every row when nil), features in model order.
  public func scores(columns: [[Double]], rows: [Int]? = nil) -> [Double] {
    let count = rows?.count ?? columns.first?.count ?? 0
    var eta = [Double](repeating: intercept, count: count)
    for (j, column) in columns.enumerated() {
      let w = coefficients[j] / scales[j]
      let mean = means[j]
      eta.withUnsafeMutableBufferPointer { target in
        column.withUnsafeBufferPointer { values in
          for i in 0..<count {
            let value = values[rows?[i] ?? i]
            if !value.isNaN { target[i] += w * (value - mean) }
          }
        }
      }
    }
    return eta.map { $0 >= 0 ? 1 / (1 + Double.exp(-$0)) : Double.exp($0) / (1 + Double.exp($0)) }
  }
}
