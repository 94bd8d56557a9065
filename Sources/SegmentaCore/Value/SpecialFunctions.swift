import RealModule

/// The special functions the lifetime-value models need, computed in a way that stays finite for
/// large arguments.
public enum SpecialFunctions {
  /// The digamma function ψ(x) = d/dx ln Γ(x) for x > 0.
  ///
  /// Shifts x up to 10 with ψ(x) = ψ(x + 1) − 1/x, then sums the asymptotic series
  /// ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ); accurate to about 1e-15 (as scipy's `digamma`).
  public static func digamma(_ value: Double) -> Double {
    guard value > 0, value.isFinite else { return value == .infinity ? .infinity : .nan }
    var x = value
    var result = 0.0
    while x < 10 {
      result -= 1 / x
      x += 1
    }
    let inverse = 1 / x
    let inverse2 = inverse * inverse
    let series =
      inverse2
      * (1.0 / 12
        - inverse2
        * (1.0 / 120
          - inverse2 * (1.0 / 252 - inverse2 * (1.0 / 240 - inverse2 * (1.0 / 132 - inverse2 * (691.0 / 32760))))))
    return result + Double.log(x) - 0.5 * inverse - series
  }

  /// ln Γ(x).
  @inline(__always)
  public static func logGamma(_ x: Double) -> Double { Double.logGamma(x) }

  /// ln ₂F₁(a, b; c; z) for 0 ≤ z < 1 and c > 0, the Gauss hypergeometric function.
  ///
  /// Uses Euler's transformation ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c−a, c−b; c; z): in the BG/NBD
  /// expectations c − a and c − b do not grow with the frequency, so the transformed series converges
  /// in a few terms where the direct one overflows (lifetimes falls back to the same identity when
  /// scipy's `hyp2f1` returns infinity). When the transformed sum is not positive the direct series is
  /// summed instead. Returns NaN outside the domain.
  public static func logHypergeometric2F1(a: Double, b: Double, c: Double, z: Double) -> Double {
    guard z >= 0, z < 1, c > 0 else { return .nan }
    if z == 0 { return 0 }
    let transformed = series(a: c - a, b: c - b, c: c, z: z)
    if transformed > 0 && transformed.isFinite {
      return (c - a - b) * Double.log(onePlus: -z) + Double.log(transformed)
    }
    let direct = series(a: a, b: b, c: c, z: z)
    return direct > 0 && direct.isFinite ? Double.log(direct) : .nan
  }

  /// Σₖ (a)ₖ (b)ₖ / ((c)ₖ k!) zᵏ, summed until a term no longer changes the sum.
  private static func series(a: Double, b: Double, c: Double, z: Double) -> Double {
    var term = 1.0
    var sum = 1.0
    var k = 0.0
    while k < 200_000 {
      term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
      sum += term
      k += 1
      if term == 0 || (abs(term) <= 1e-17 * abs(sum) && k > 2) { break }
      if !sum.isFinite { return .nan }
    }
    return sum
  }

  /// The logistic function 1 / (1 + e^(−x)), computed without overflow (scipy's `expit`).
  @inline(__always)
  public static func logistic(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + Double.exp(-x)) }
    let e = Double.exp(x)
    return e / (1 + e)
  }
}
