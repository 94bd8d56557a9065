import RealModule

/// The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: Using
/// Iso-Value Curves for Customer Base Analysis"; Fader & Hardie 2013, "The Gamma-Gamma Model of
/// Monetary Value"), fitted and applied as lifetimes 0.11.3's `GammaGammaFitter`.
///
/// A customer's transactions are Gamma(p, ν) with ν ~ Gamma(q, v); the model reads the frequency x
/// (repeat purchases, x > 0) and the mean value m of those purchases.
public struct GammaGammaModel: Sendable, Equatable, Codable {
  /// Shape of each transaction's gamma distribution.
  public var p: Double
  /// Shape of the gamma distribution of the customers' scale.
  public var q: Double
  /// Scale of the gamma distribution of the customers' scale.
  public var v: Double

  /// A model with the given parameters.
  public init(p: Double, q: Double, v: Double) {
    self.p = p
    self.q = q
    self.v = v
  }

  /// A fitted model with how the fit went.
  public struct Fit: Sendable, Equatable, Codable {
    /// The parameters.
    public var model: GammaGammaModel
    /// The mean negative log-likelihood per customer at the optimum (lifetimes' `_negative_log_likelihood_`).
    public var meanNegativeLogLikelihood: Double
    /// The total log-likelihood.
    public var logLikelihood: Double
    /// Customers fitted (those with x > 0 and m > 0).
    public var customers: Int
    /// Distinct (x, m) rows.
    public var distinctRows: Int
    /// Optimiser iterations.
    public var iterations: Int
    /// Whether the optimiser converged.
    public var converged: Bool
  }

  /// Fits p, q and v by maximum likelihood on the customers with a repeat purchase and a positive mean.
  ///
  /// As lifetimes is fitted on `summary[summary.frequency > 0]`, it minimises the
  /// mean negative log-likelihood over the log-parameters with BFGS from lifetimes' start (0.1 each);
  /// with many distinct rows, from the optimum of a systematic sample of them (``WarmStart``).
  /// Returns nil when fewer than two such customers remain.
  public static func fit(frequency: [Double], monetaryValue: [Double]) -> Fit? {
    var xs: [Double] = []
    var ms: [Double] = []
    for i in frequency.indices where frequency[i] > 0 && monetaryValue[i] > 0 && monetaryValue[i].isFinite {
      xs.append(frequency[i])
      ms.append(monetaryValue[i])
    }
    guard xs.count >= 2 else { return nil }
    let rows = WeightedRows(merging: [xs, ms])
    let x = rows.columns[0]
    let m = rows.columns[1]
    let data = Likelihood(x: x, m: m, weights: rows.weights)
    let total = data.totalWeight
    let start = WarmStart.search(
      weights: rows.weights, from: [0.1, 0.1, 0.1],
      sample: { kept, weights in
        Likelihood(x: kept.map { x[$0] }, m: kept.map { m[$0] }, weights: weights).meanObjective
      })
    let result = BFGSMinimizer().minimize(from: start.point, inverseHessian: start.inverseHessian, data.meanObjective)
    let parameters = result.point.map { Double.exp($0) }
    return Fit(
      model: GammaGammaModel(p: parameters[0], q: parameters[1], v: parameters[2]),
      meanNegativeLogLikelihood: result.value, logLikelihood: -result.value * total, customers: xs.count,
      distinctRows: rows.count, iterations: result.iterations, converged: result.converged)
  }

  /// The log-likelihood of weighted (x, m) rows,
  /// Σ w · [ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(xm+v)],
  /// and its gradient with respect to (ln p, ln q, ln v).
  ///
  /// Frequencies take few distinct values while mean values are continuous, so the ln Γ and digamma
  /// terms are computed once per distinct x and the parameter-free sums (Σ w x ln m, Σ w ln m, Σ w x ln x)
  /// once for all; each evaluation then needs one logarithm and one division per row, summed in fixed
  /// chunks on all cores (so the result does not depend on timing).
  struct Likelihood: Sendable {
    let x: [Double]
    let m: [Double]
    let weights: [Double]
    /// Distinct frequencies with their total weight.
    let frequencies: [(x: Double, weight: Double)]
    let totalWeight: Double
    /// Σ w x ln m, Σ w ln m and Σ w x ln x.
    let weightedXLogM: Double
    let weightedLogM: Double
    let weightedXLogX: Double

    init(x: [Double], m: [Double], weights: [Double]) {
      self.x = x
      self.m = m
      self.weights = weights
      let (distinct, numbers) = DistinctKeys.numbering(x)
      var frequencyWeights = [Double](repeating: 0, count: distinct.count)
      var xLogM = 0.0
      var logM = 0.0
      var xLogX = 0.0
      for i in x.indices {
        frequencyWeights[Int(numbers[i])] += weights[i]
        let lm = Double.log(m[i])
        xLogM += weights[i] * x[i] * lm
        logM += weights[i] * lm
      }
      for (k, frequency) in distinct.enumerated() { xLogX += frequencyWeights[k] * frequency * Double.log(frequency) }
      frequencies = distinct.indices.sorted { distinct[$0] < distinct[$1] }.map {
        (x: distinct[$0], weight: frequencyWeights[$0])
      }
      totalWeight = weights.reduce(0, +)
      weightedXLogM = xLogM
      weightedLogM = logM
      weightedXLogX = xLogX
    }

    /// The mean negative log-likelihood and its gradient, the quantity the fit minimises.
    func meanObjective(_ logParameters: [Double]) -> (value: Double, gradient: [Double]) {
      let (value, gradient) = evaluate(logParameters: logParameters)
      return (-value / totalWeight, gradient.map { -$0 / totalWeight })
    }

    /// The log-likelihood and its gradient with respect to (ln p, ln q, ln v).
    func evaluate(logParameters: [Double]) -> (Double, [Double]) {
      let p = Double.exp(logParameters[0])
      let q = Double.exp(logParameters[1])
      let v = Double.exp(logParameters[2])
      // Per row: L = ln(xm+v) and R = 1/(xm+v), summed as Σ w x L, Σ w L, Σ w x R, Σ w R.
      let count = x.count
      let chunk = 16_384
      let partials = ParallelBlocks.map(count: (count + chunk - 1) / chunk) { c -> SIMD4<Double> in
        var sums = SIMD4<Double>(repeating: 0)
        x.withUnsafeBufferPointer { x in
          m.withUnsafeBufferPointer { m in
            weights.withUnsafeBufferPointer { w in
              for i in c * chunk..<min(count, (c + 1) * chunk) {
                let denominator = x[i] * m[i] + v
                let logarithm = Double.log(denominator)
                let wi = w[i]
                let xi = x[i]
                sums += SIMD4(wi * xi * logarithm, wi * logarithm, wi * xi / denominator, wi / denominator)
              }
            }
          }
        }
        return sums
      }
      var sums = SIMD4<Double>(repeating: 0)
      for partial in partials { sums += partial }
      let (xL, l, xR, r) = (sums[0], sums[1], sums[2], sums[3])
      let logV = Double.log(v)
      let digammaQ = SpecialFunctions.digamma(q)
      var gammaTerms = 0.0
      var dpGamma = 0.0
      var dqGamma = 0.0
      for (xi, w) in frequencies {
        let px = p * xi
        let digammaPXQ = SpecialFunctions.digamma(px + q)
        gammaTerms += w * (Double.logGamma(px + q) - Double.logGamma(px))
        dpGamma += w * xi * (digammaPXQ - SpecialFunctions.digamma(px))
        dqGamma += w * digammaPXQ
      }
      let value =
        gammaTerms + totalWeight * (q * logV - Double.logGamma(q)) + p * weightedXLogM - weightedLogM
        + p * weightedXLogX - (p * xL + q * l)
      let dp = dpGamma + weightedXLogM + weightedXLogX - xL
      let dq = dqGamma - totalWeight * digammaQ + totalWeight * logV - l
      let dv = totalWeight * q / v - (p * xR + q * r)
      return (value, [dp * p, dq * q, dv * v])
    }
  }

  /// E[M | x, m̄], the expected mean value of a customer's future transactions (lifetimes'
  /// `conditional_expected_average_profit`): (1 − w) · vp/(q−1) + w · m̄ with w = px/(px+q−1).
  public func expectedAverageValue(frequency x: Double, monetaryValue m: Double) -> Double {
    let individualWeight = p * x / (p * x + q - 1)
    let populationMean = v * p / (q - 1)
    return (1 - individualWeight) * populationMean + individualWeight * m
  }
}
