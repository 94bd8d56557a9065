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
  /// stays finite at any frequency and any number of customers. With many distinct rows the search
  /// starts from the optimum of a systematic sample of them (and that search's curvature), so the
  /// full data take a few iterations; the optimum is the full data's. Returns nil without customers.
  public static func fit(frequency: [Double], recency: [Double], age: [Double]) -> Fit? {
    guard !frequency.isEmpty, frequency.count == recency.count, frequency.count == age.count else { return nil }
    let rows = WeightedRows(merging: [frequency, recency, age])
    let maximumAge = rows.columns[2].max() ?? 1
    let scale = maximumAge > 0 ? 1 / maximumAge : 1
    let x = rows.columns[0]
    let tx = rows.columns[1].map { $0 * scale }
    let ageScaled = rows.columns[2].map { $0 * scale }
    let objective = Likelihood(x: x, tx: tx, age: ageScaled, weights: rows.weights)
    let start = WarmStart.search(
      weights: rows.weights, from: [0.1, 0.1, 0.1, 0.1],
      sample: { kept, weights in
        Likelihood(
          x: kept.map { x[$0] }, tx: kept.map { tx[$0] }, age: kept.map { ageScaled[$0] }, weights: weights
        ).meanObjective
      })
    let result = BFGSMinimizer().minimize(
      from: start.point, inverseHessian: start.inverseHessian, objective.meanObjective)
    let p = result.point.map { Double.exp($0) }
    let model = BetaGeoModel(r: p[0], alpha: p[1] / scale, a: p[2], b: p[3])
    // lifetimes reports the likelihood of the scaled times; the total is given in the original unit.
    // With α and every time divided by the scale, each customer's likelihood changes by x ln(scale).
    let weightedFrequency = zip(x, rows.weights).reduce(0) { $0 + $1.0 * $1.1 }
    let unscaled = -result.value * objective.totalWeight + Double.log(scale) * weightedFrequency
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
  /// ÷ (1 + [x > 0] a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)),
  ///
  /// the product of ``expectedPurchasesIfAlive(in:frequency:age:)`` and
  /// ``probabilityAlive(frequency:recency:age:)``.
  public func expectedPurchases(in t: Double, frequency x: Double, recency tx: Double, age: Double) -> Double {
    guard t > 0 else { return 0 }
    let ifAlive = expectedPurchasesIfAlive(in: t, frequency: x, age: age)
    guard x > 0 else { return ifAlive }
    return ifAlive * probabilityAlive(frequency: x, recency: tx, age: age)
  }

  /// The expected repeat purchases in the next `t` time units of a customer known to be alive at
  /// age T after x repeat purchases: the numerator of equation 10 of Fader, Hardie & Lee 2005,
  /// (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))], which does not
  /// depend on the recency.
  public func expectedPurchasesIfAlive(in t: Double, frequency x: Double, age: Double) -> Double {
    guard t > 0 else { return 0 }
    let z = t / (alpha + age + t)
    let logHypergeometric = SpecialFunctions.logHypergeometric2F1(a: r + x, b: b + x, c: a + b + x - 1, z: z)
    let first = (a + b + x - 1) / (a - 1)
    let second = -Double.expMinusOne(logHypergeometric + (r + x) * Double.log((alpha + age) / (alpha + t + age)))
    return first * second
  }

  /// E[X(t) | x, tₓ, T] of every customer, each equal to
  /// ``expectedPurchases(in:frequency:recency:age:)``, with the factor that does not read the recency
  /// computed once per distinct (frequency, age) pair.
  public func expectedPurchases(in t: Double, frequency: [Double], recency: [Double], age: [Double]) -> [Double] {
    guard t > 0 else { return [Double](repeating: 0, count: frequency.count) }
    let pairs = FrequencyAgePairs(frequency: frequency, age: age)
    let ifAlive = (0..<pairs.count).map {
      expectedPurchasesIfAlive(in: t, frequency: pairs.frequency[$0], age: pairs.age[$0])
    }
    return frequency.indices.map { i in
      let expected = ifAlive[Int(pairs.pairOfCustomer[i])]
      return frequency[i] > 0
        ? expected * probabilityAlive(frequency: frequency[i], recency: recency[i], age: age[i]) : expected
    }
  }

  /// E[X(t)], the expected repeat purchases of a new customer in `t` time units (equation 9;
  /// lifetimes' `expected_number_of_purchases_up_to_time`).
  public func expectedPurchases(in t: Double) -> Double {
    guard t > 0 else { return 0 }
    let logHypergeometric = SpecialFunctions.logHypergeometric2F1(a: r, b: b, c: a + b - 1, z: t / (alpha + t))
    return (a + b - 1) / (a - 1) * -Double.expMinusOne(logHypergeometric + r * Double.log(alpha / (alpha + t)))
  }

  /// The log-likelihood of weighted distinct rows and its gradient with respect to the
  /// log-parameters.
  ///
  /// Frequencies, recencies and ages take few distinct values, so every ln Γ, digamma and logarithm
  /// is computed once per distinct value and evaluation; customers without a repeat purchase are
  /// summed per age. Each remaining row needs one exponential and one logarithm (the log-sum-exp of
  /// its two terms), summed in fixed chunks on all cores (so the sum does not depend on timing).
  struct Likelihood: Sendable {
    /// Distinct frequencies and the weight of the rows with each.
    let frequencies: [Double]
    let frequencyWeights: [Double]
    /// Distinct (scaled) recencies and ages.
    let recencies: [Double]
    let ages: [Double]
    /// The weight of the rows without a repeat purchase, per age.
    let zeroWeights: [Double]
    /// The rows with a repeat purchase: the numbers of their frequency, recency and age, and weight.
    let rowFrequency: [Int32]
    let rowRecency: [Int32]
    let rowAge: [Int32]
    let rowWeight: [Double]
    let totalWeight: Double

    init(x: [Double], tx: [Double], age: [Double], weights: [Double]) {
      let (frequencies, frequencyNumbers) = DistinctKeys.numbering(x)
      let (recencies, recencyNumbers) = DistinctKeys.numbering(tx)
      let (ages, ageNumbers) = DistinctKeys.numbering(age)
      var frequencyWeights = [Double](repeating: 0, count: frequencies.count)
      var zeroWeights = [Double](repeating: 0, count: ages.count)
      var rowFrequency: [Int32] = []
      var rowRecency: [Int32] = []
      var rowAge: [Int32] = []
      var rowWeight: [Double] = []
      for i in x.indices {
        frequencyWeights[Int(frequencyNumbers[i])] += weights[i]
        if x[i] > 0 {
          rowFrequency.append(frequencyNumbers[i])
          rowRecency.append(recencyNumbers[i])
          rowAge.append(ageNumbers[i])
          rowWeight.append(weights[i])
        } else {
          zeroWeights[Int(ageNumbers[i])] += weights[i]
        }
      }
      self.frequencies = frequencies
      self.frequencyWeights = frequencyWeights
      self.recencies = recencies
      self.ages = ages
      self.zeroWeights = zeroWeights
      self.rowFrequency = rowFrequency
      self.rowRecency = rowRecency
      self.rowAge = rowAge
      self.rowWeight = rowWeight
      totalWeight = weights.reduce(0, +)
    }

    /// The mean negative log-likelihood and its gradient, the quantity the fit minimises.
    func meanObjective(_ logParameters: [Double]) -> (value: Double, gradient: [Double]) {
      let (value, gradient) = evaluate(logParameters: logParameters)
      return (-value / totalWeight, gradient.map { -$0 / totalWeight })
    }

    func evaluate(logParameters: [Double]) -> (Double, [Double]) {
      let r = Double.exp(logParameters[0])
      let alpha = Double.exp(logParameters[1])
      let a = Double.exp(logParameters[2])
      let b = Double.exp(logParameters[3])
      let logAlpha = Double.log(alpha)
      // Per distinct frequency: the ln Γ terms A₁ + A₂ without r ln α, their derivatives, and the
      // parts of A₄ that do not depend on the recency.
      var total = SIMD8<Double>()
      let logGammaR = Double.logGamma(r)
      let logGammaB = Double.logGamma(b)
      let logGammaAB = Double.logGamma(a + b)
      let digammaR = SpecialFunctions.digamma(r)
      let digammaB = SpecialFunctions.digamma(b)
      let digammaAB = SpecialFunctions.digamma(a + b)
      let logA = Double.log(a)
      var dropOut = [Double](repeating: 0, count: frequencies.count)
      var inverseDropOut = [Double](repeating: 0, count: frequencies.count)
      for (k, x) in frequencies.enumerated() {
        let w = frequencyWeights[k]
        let digammaABX = SpecialFunctions.digamma(a + b + x)
        let constant =
          Double.logGamma(r + x) - logGammaR + r * logAlpha + logGammaAB + Double.logGamma(b + x) - logGammaB
          - Double.logGamma(a + b + x)
        let dr = SpecialFunctions.digamma(r + x) - digammaR + logAlpha
        let da = digammaAB - digammaABX
        let db = digammaAB + SpecialFunctions.digamma(b + x) - digammaB - digammaABX
        total += SIMD8(w * constant, w * dr, w * r / alpha, w * da, w * db, 0, 0, 0)
        if x > 0 {
          dropOut[k] = logA - Double.log(b + x - 1)
          inverseDropOut[k] = 1 / (b + x - 1)
        }
      }
      let logAge = ages.map { Double.log(alpha + $0) }
      let inverseAge = ages.map { 1 / (alpha + $0) }
      let logRecency = recencies.map { Double.log(alpha + $0) }
      let inverseRecency = recencies.map { 1 / (alpha + $0) }
      // Customers without a repeat purchase: A₃ = −r ln(α+T).
      for j in ages.indices where zeroWeights[j] > 0 {
        let w = zeroWeights[j]
        total += SIMD8(-w * r * logAge[j], -w * logAge[j], -w * r * inverseAge[j], 0, 0, 0, 0, 0)
      }
      let count = rowWeight.count
      let chunk = 16_384
      let tables = Tables(
        frequencies: frequencies, dropOut: dropOut, inverseDropOut: inverseDropOut, logAge: logAge,
        inverseAge: inverseAge, logRecency: logRecency, inverseRecency: inverseRecency)
      let partials = ParallelBlocks.map(count: (count + chunk - 1) / chunk) { c -> SIMD8<Double> in
        partial(rows: c * chunk..<min(count, (c + 1) * chunk), r: r, tables: tables)
      }
      for partial in partials { total += partial }
      // Chain rule to the log-parameters: ∂/∂ln θ = θ ∂/∂θ (the a-derivative of A₄ is w₄/a).
      return (total[0], [total[1] * r, total[2] * alpha, total[3] * a + total[5], total[4] * b])
    }

    /// The per-evaluation tables the rows read.
    private struct Tables: Sendable {
      let frequencies: [Double]
      let dropOut: [Double]
      let inverseDropOut: [Double]
      let logAge: [Double]
      let inverseAge: [Double]
      let logRecency: [Double]
      let inverseRecency: [Double]
    }

    /// The mixture ln(e^A₃ + e^A₄) of rows with a repeat purchase, with its derivatives; lane 5 holds
    /// Σ w w₄ (the a-derivative times a).
    private func partial(rows: Range<Int>, r: Double, tables: Tables) -> SIMD8<Double> {
      var sum = SIMD8<Double>()
      rowFrequency.withUnsafeBufferPointer { rowFrequency in
        rowRecency.withUnsafeBufferPointer { rowRecency in
          rowAge.withUnsafeBufferPointer { rowAge in
            rowWeight.withUnsafeBufferPointer { rowWeight in
              tables.frequencies.withUnsafeBufferPointer { frequencies in
                tables.dropOut.withUnsafeBufferPointer { dropOut in
                  tables.inverseDropOut.withUnsafeBufferPointer { inverseDropOut in
                    tables.logAge.withUnsafeBufferPointer { logAge in
                      tables.inverseAge.withUnsafeBufferPointer { inverseAge in
                        tables.logRecency.withUnsafeBufferPointer { logRecency in
                          tables.inverseRecency.withUnsafeBufferPointer { inverseRecency in
                            for i in rows {
                              let k = Int(rowFrequency[i])
                              let j = Int(rowAge[i])
                              let h = Int(rowRecency[i])
                              let w = rowWeight[i]
                              let rx = r + frequencies[k]
                              let a3 = -rx * logAge[j]
                              let a4 = dropOut[k] - rx * logRecency[h]
                              let difference = a4 - a3
                              let e = Double.exp(-abs(difference))
                              // e ≤ 1, so ln(1 + e) loses nothing that matters beside max(A₃, A₄); log1p is four times slower.
                              let mixture = max(a3, a4) + Double.log(1 + e)
                              let share = 1 / (1 + e)
                              let w4 = difference > 0 ? share : e * share
                              let w3 = difference > 0 ? e * share : share
                              sum += SIMD8(
                                w * mixture, -w * (w3 * logAge[j] + w4 * logRecency[h]),
                                -w * rx * (w3 * inverseAge[j] + w4 * inverseRecency[h]), 0,
                                -w * w4 * inverseDropOut[k], w * w4, 0, 0)
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      return sum
    }
  }
}
