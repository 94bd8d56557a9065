import RealModule

extension RandomNumberGenerator {
  /// A uniform double in [0, 1) with 53 random bits.
  @inlinable
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal deviate (Marsaglia's polar method).
  public mutating func nextNormal() -> Double {
    while true {
      let u = 2 * nextUnit() - 1
      let v = 2 * nextUnit() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 {
        return u * (-2 * Double.log(s) / s).squareRoot()
      }
    }
  }

  /// A normal deviate with the given mean and standard deviation.
  public mutating func nextNormal(mean: Double, sd: Double) -> Double {
    mean + sd * nextNormal()
  }

  /// A log-normal deviate: exp(N(mu, sigma²)).
  public mutating func nextLogNormal(mu: Double, sigma: Double) -> Double {
    Double.exp(mu + sigma * nextNormal())
  }

  /// A Poisson deviate with mean `lambda`: Knuth's product method below 30, otherwise the
  /// transformed-rejection method PTRS (Hörmann 1993).
  public mutating func nextPoisson(_ lambda: Double) -> Int {
    guard lambda > 0 else { return 0 }
    if lambda < 30 {
      let limit = Double.exp(-lambda)
      var k = 0
      var p = nextUnit()
      while p > limit {
        k += 1
        p *= nextUnit()
      }
      return k
    }
    let slam = lambda.squareRoot()
    let loglam = Double.log(lambda)
    let b = 0.931 + 2.53 * slam
    let a = -0.059 + 0.02483 * b
    let invalpha = 1.1239 + 1.1328 / (b - 3.4)
    let vr = 0.9277 - 3.6224 / (b - 2)
    while true {
      let u = nextUnit() - 0.5
      let v = nextUnit()
      let us = 0.5 - abs(u)
      let k = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
      if us >= 0.07 && v <= vr {
        return Int(k)
      }
      if k < 0 || (us < 0.013 && v > us) {
        continue
      }
      let lhs = Double.log(v) + Double.log(invalpha) - Double.log(a / (us * us) + b)
      let rhs = -lambda + k * loglam - Double.logGamma(k + 1)
      if lhs <= rhs {
        return Int(k)
      }
    }
  }

  /// A Bernoulli draw that is true with probability `p`.
  @inlinable
  public mutating func nextBool(probability p: Double) -> Bool {
    nextUnit() < p
  }

  /// An index drawn with probability proportional to `weights[i]` (weights need not sum to 1).
  public mutating func nextIndex(weights: [Double]) -> Int {
    let total = weights.reduce(0, +)
    var target = nextUnit() * total
    for (index, weight) in weights.enumerated() {
      target -= weight
      if target < 0 { return index }
    }
    return weights.count - 1
  }
}
