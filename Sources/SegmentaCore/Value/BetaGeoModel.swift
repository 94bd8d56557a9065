import RealModule

/// The BG/NBD model of repeat purchases (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy
/// Way"), fitted and applied as lifetimes 0.11.3's `BetaGeoFitter`.
///
/// While alive a customer buys at Poisson rate λ ~ Gamma(r, α); after each purchase they drop out
/// with probability p ~ Beta(a, b). A customer's history is their frequency x (repeat purchases),
/// recency tₓ (age at the last purchase) and age T, in one time unit.
public struct BetaGeoModel: Sendable, Equatable, Codable {
  /// Shape of the purchase-rate gamma distribution.
  public var r: Double
  /// Scale of the purchase-rate gamma distribution, in time units.
  public var alpha: Double
  /// First shape of the drop-out beta distribution.
  public var a: Double
  /// Second shape of the drop-out beta distribution.
  public var b: Double

  /// A model with the given parameters.
  public init(r: Double, alpha: Double, a: Double, b: Double) {
    self.r = r
    self.alpha = alpha
    self.a = a
    self.b = b
  }

  /// A fitted model with how the fit went.
  public struct Fit: Sendable, Equatable, Codable {
    /// The parameters.
    public var model: BetaGeoModel
    /// The mean negative log-likelihood per customer at the optimum, with ages scaled so the oldest
    /// is 1 (lifetimes' `_negative_log_likelihood_`).
    public var meanNegativeLogLikelihood: Double
    /// The total log-likelihood of all customers, in the data's time unit.
    public var logLikelihood: Double
    /// Customers fitted.
    public var customers: Int
    /// Distinct (frequency, recency, age) rows the likelihood was summed over.
    public var distinctRows: Int
    /// Optimiser iterations.
    public var iterations: Int
    /// Whether the optimiser converged.
    public var converged: Bool
  }

  /// Fits r, α, a and b by maximum likelihood.
  ///
  /// Minimises the mean negative log-likelihood (Fader, Hardie & Lee 2005, section 7; lifetimes'
  /// `_negative_log_likelihood`) over the log-parameters with BFGS and analytic gradients, from
  /// lifetimes' start (every log-parameter 0.1), with ages scaled so the oldest is 1 as lifetimes
  /// does. Identical rows are merged into weights; the terms use ln Γ and log-sum-exp, so the fit
  /// stays finite at any frequency and any number of customers. Returns nil without customers.
  public static func fit(frequency: [Double], recency: [Double], age: [Double]) -> Fit? {
    guard !frequency.isEmpty, frequency.count == recency.count, frequency.count == age.count else { return nil }
    let rows = WeightedRows(merging: [frequency, recency, age])
    let maximumAge = rows.columns[2].max() ?? 1
    let scale = maximumAge > 0 ? 1 / maximumAge : 1
    let x = rows.columns[0]
    let tx = rows.columns[1].map { $0 * scale }
    let ageScaled = rows.columns[2].map { $0 * scale }
    let weights = rows.weights
    let total = weights.reduce(0, +)
    let objective = Likelihood(x: x, tx: tx, age: ageScaled, weights: weights)
    let result = BFGSMinimizer().minimize(from: [0.1, 0.1, 0.1, 0.1]) { point in
      let (value, gradient) = objective.evaluate(logParameters: point)
      return (-value / total, gradient.map { -$0 / total })
    }
    let p = result.point.map { Double.exp($0) }
    let model = BetaGeoModel(r: p[0], alpha: p[1] / scale, a: p[2], b: p[3])
    // lifetimes reports the likelihood of the scaled times; the total is given in the original unit.
    let unscaled = objective.evaluateUnscaled(model, frequency: x, recency: rows.columns[1], age: rows.columns[2])
    return Fit(
      model: model, meanNegativeLogLikelihood: result.value, logLikelihood: unscaled, customers: frequency.count,
      distinctRows: rows.count, iterations: result.iterations, converged: result.converged)
  }

  /// The log-likelihood of one customer: A₁ + A₂ + ln(e^A₃ + [x > 0] e^A₄) with
  /// A₁ = ln Γ(r+x) − ln Γ(r) + r ln α, A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x),
  /// A₃ = −(r+x) ln(α+T), A₄ = ln a − ln(b+x−1) − (r+x) ln(α+tₓ).
  public func logLikelihood(frequency x: Double, recency tx: Double, age: Double) -> Double {
    let a1 = Double.logGamma(r + x) - Double.logGamma(r) + r * Double.log(alpha)
    let a2 = Double.logGamma(a + b) + Double.logGamma(b + x) - Double.logGamma(b) - Double.logGamma(a + b + x)
    let a3 = -(r + x) * Double.log(alpha + age)
    guard x > 0 else { return a1 + a2 + a3 }
    let a4 = Double.log(a) - Double.log(b + x - 1) - (r + x) * Double.log(alpha + tx)
    let top = max(a3, a4)
    return a1 + a2 + top + Double.log(Double.exp(a3 - top) + Double.exp(a4 - top))
  }

  /// P(alive | x, tₓ, T) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)) for x > 0, and 1 for x = 0
  /// (Fader, Hardie & Lee 2008, "Computing P(alive) using the BG/NBD model"; lifetimes'
  /// `conditional_probability_alive`), computed as a logistic of the log-odds so it never overflows.
  public func probabilityAlive(frequency x: Double, recency tx: Double, age: Double) -> Double {
    guard x > 0 else { return 1 }
    let logOdds = (r + x) * Double.log((alpha + age) / (alpha + tx)) + Double.log(a / (b + x - 1))
    return SpecialFunctions.logistic(-logOdds)
  }

  /// The expected repeat purchases E[X(t) | x, tₓ, T] in the next `t` time units.
  ///
  /// Equation 10 of Fader, Hardie & Lee 2005; lifetimes'
  /// `conditional_expected_number_of_purchases_up_to_time`:
  ///
  /// (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
  /// ÷ (1 + [x > 0] a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)).
  public func expectedPurchases(in t: Double, frequency x: Double, recency tx: Double, age: Double) -> Double {
    guard t > 0 else { return 0 }
    let z = t / (alpha + age + t)
    let logHypergeometric = SpecialFunctions.logHypergeometric2F1(a: r + x, b: b + x, c: a + b + x - 1, z: z)
    let first = (a + b + x - 1) / (a - 1)
    let second = -Double.expMinusOne(logHypergeometric + (r + x) * Double.log((alpha + age) / (alpha + t + age)))
    let numerator = first * second
    guard x > 0 else { return numerator }
    let logDenominator = Double.log(a / (b + x - 1)) + (r + x) * Double.log((alpha + age) / (alpha + tx))
    return numerator * SpecialFunctions.logistic(-logDenominator)
  }

  /// E[X(t)], the expected repeat purchases of a new customer in `t` time units (equation 9;
  /// lifetimes' `expected_number_of_purchases_up_to_time`).
  public func expectedPurchases(in t: Double) -> Double {
    guard t > 0 else { return 0 }
    let logHypergeometric = SpecialFunctions.logHypergeometric2F1(a: r, b: b, c: a + b - 1, z: t / (alpha + t))
    return (a + b - 1) / (a - 1) * -Double.expMinusOne(logHypergeometric + r * Double.log(alpha / (alpha + t)))
  }

  /// The log-likelihood of weighted distinct rows and its gradient with respect to the
  /// log-parameters, summed in fixed chunks on all cores (so the sum does not depend on timing).
  struct Likelihood: Sendable {
    let x: [Double]
    let tx: [Double]
    let age: [Double]
    let weights: [Double]

    func evaluate(logParameters: [Double]) -> (Double, [Double]) {
      let r = Double.exp(logParameters[0])
      let alpha = Double.exp(logParameters[1])
      let a = Double.exp(logParameters[2])
      let b = Double.exp(logParameters[3])
      let count = x.count
      let chunk = 8192
      let chunks = (count + chunk - 1) / chunk
      let partials = ParallelBlocks.map(count: chunks) { c -> SIMD8<Double> in
        partial(rows: c * chunk..<min(count, (c + 1) * chunk), r: r, alpha: alpha, a: a, b: b)
      }
      var sum = SIMD8<Double>()
      for partial in partials { sum += partial }
      // Chain rule to the log-parameters: ∂/∂ln θ = θ ∂/∂θ.
      return (sum[0], [sum[1] * r, sum[2] * alpha, sum[3] * a, sum[4] * b])
    }

    private func partial(rows: Range<Int>, r: Double, alpha: Double, a: Double, b: Double) -> SIMD8<Double> {
      let logGammaR = Double.logGamma(r)
      let logGammaB = Double.logGamma(b)
      let logGammaAB = Double.logGamma(a + b)
      let digammaR = SpecialFunctions.digamma(r)
      let digammaB = SpecialFunctions.digamma(b)
      let digammaAB = SpecialFunctions.digamma(a + b)
      let logAlpha = Double.log(alpha)
      let logA = Double.log(a)
      var total = SIMD8<Double>()
      x.withUnsafeBufferPointer { x in
        tx.withUnsafeBufferPointer { tx in
          age.withUnsafeBufferPointer { age in
            weights.withUnsafeBufferPointer { weights in
              for i in rows {
                let xi = x[i]
                let w = weights[i]
                let rx = r + xi
                let logAgeTerm = Double.log(alpha + age[i])
                let a1 = Double.logGamma(rx) - logGammaR + r * logAlpha
                let a2 = logGammaAB + Double.logGamma(b + xi) - logGammaB - Double.logGamma(a + b + xi)
                let a3 = -rx * logAgeTerm
                var w3 = 1.0
                var w4 = 0.0
                var mixture = a3
                var logRecencyTerm = 0.0
                if xi > 0 {
                  logRecencyTerm = Double.log(alpha + tx[i])
                  let a4 = logA - Double.log(b + xi - 1) - rx * logRecencyTerm
                  let top = max(a3, a4)
                  let e3 = Double.exp(a3 - top)
                  let e4 = Double.exp(a4 - top)
                  let sum = e3 + e4
                  mixture = top + Double.log(sum)
                  w3 = e3 / sum
                  w4 = e4 / sum
                }
                let digammaRX = SpecialFunctions.digamma(rx)
                let digammaABX = SpecialFunctions.digamma(a + b + xi)
                let dr = digammaRX - digammaR + logAlpha - w3 * logAgeTerm - w4 * logRecencyTerm
                let dAlpha = r / alpha - w3 * rx / (alpha + age[i]) - (xi > 0 ? w4 * rx / (alpha + tx[i]) : 0)
                let da = digammaAB - digammaABX + w4 / a
                let db =
                  digammaAB + SpecialFunctions.digamma(b + xi) - digammaB - digammaABX
                  - (xi > 0 ? w4 / (b + xi - 1) : 0)
                total += SIMD8(w * (a1 + a2 + mixture), w * dr, w * dAlpha, w * da, w * db, 0, 0, 0)
              }
            }
          }
        }
      }
      return total
    }

    /// The total log-likelihood of `model` on the unscaled rows.
    func evaluateUnscaled(_ model: BetaGeoModel, frequency: [Double], recency: [Double], age: [Double]) -> Double {
      var total = 0.0
      for i in frequency.indices {
        total += weights[i] * model.logLikelihood(frequency: frequency[i], recency: recency[i], age: age[i])
      }
      return total
    }
  }
}
