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
  /// mean negative log-likelihood over the log-parameters with BFGS from lifetimes' start (0.1 each).
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
    let weights = rows.weights
    let total = weights.reduce(0, +)
    let result = BFGSMinimizer().minimize(from: [0.1, 0.1, 0.1]) { point in
      let (value, gradient) = likelihood(logParameters: point, x: x, m: m, weights: weights)
      return (-value / total, gradient.map { -$0 / total })
    }
    let parameters = result.point.map { Double.exp($0) }
    return Fit(
      model: GammaGammaModel(p: parameters[0], q: parameters[1], v: parameters[2]),
      meanNegativeLogLikelihood: result.value, logLikelihood: -result.value * total, customers: xs.count,
      distinctRows: rows.count, iterations: result.iterations, converged: result.converged)
  }

  /// Σ w · [ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(xm+v)] and its
  /// gradient with respect to (ln p, ln q, ln v).
  static func likelihood(logParameters: [Double], x: [Double], m: [Double], weights: [Double]) -> (Double, [Double]) {
    let p = Double.exp(logParameters[0])
    let q = Double.exp(logParameters[1])
    let v = Double.exp(logParameters[2])
    let logGammaQ = Double.logGamma(q)
    let digammaQ = SpecialFunctions.digamma(q)
    let logV = Double.log(v)
    var value = 0.0
    var dp = 0.0
    var dq = 0.0
    var dv = 0.0
    for i in x.indices {
      let xi = x[i]
      let px = p * xi
      let logM = Double.log(m[i])
      let logX = Double.log(xi)
      let logXMV = Double.log(xi * m[i] + v)
      let digammaPXQ = SpecialFunctions.digamma(px + q)
      let w = weights[i]
      value +=
        w
        * (Double.logGamma(px + q) - Double.logGamma(px) - logGammaQ + q * logV + (px - 1) * logM + px * logX
          - (px + q) * logXMV)
      dp += w * xi * (digammaPXQ - SpecialFunctions.digamma(px) + logM + logX - logXMV)
      dq += w * (digammaPXQ - digammaQ + logV - logXMV)
      dv += w * (q / v - (px + q) / (xi * m[i] + v))
    }
    return (value, [dp * p, dq * q, dv * v])
  }

  /// E[M | x, m̄], the expected mean value of a customer's future transactions (lifetimes'
  /// `conditional_expected_average_profit`): (1 − w) · vp/(q−1) + w · m̄ with w = px/(px+q−1).
  public func expectedAverageValue(frequency x: Double, monetaryValue m: Double) -> Double {
    let individualWeight = p * x / (p * x + q - 1)
    let populationMean = v * p / (q - 1)
    return (1 - individualWeight) * populationMean + individualWeight * m
  }
}
