import RealModule

/// Fisher's exact test on a 2 × 2 table.
public enum FisherExact {
  /// The two-sided p-value of the table [[a, b], [c, d]]: the total probability, under the
  /// hypergeometric distribution with the table's margins, of every table no more likely than the
  /// observed one (with a relative tolerance of 1e-7 for ties), as scipy's `fisher_exact`.
  ///
  /// Summed in log space, so p-values far below the smallest Double are 0 rather than wrong.
  public static func twoSided(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Double {
    precondition(a >= 0 && b >= 0 && c >= 0 && d >= 0, "table counts are non-negative")
    let row = a + b
    let column = a + c
    let total = a + b + c + d
    guard total > 0 else { return 1 }
    let lowest = max(0, column - (c + d))
    let highest = min(row, column)
    func logProbability(_ x: Int) -> Double {
      logChoose(row, x) + logChoose(total - row, column - x) - logChoose(total, column)
    }
    let observed = logProbability(a)
    let threshold = observed + Double.log(onePlus: 1e-7)
    var largest = -Double.infinity
    var terms: [Double] = []
    terms.reserveCapacity(highest - lowest + 1)
    for x in lowest...highest {
      let value = logProbability(x)
      if value <= threshold {
        terms.append(value)
        largest = max(largest, value)
      }
    }
    guard largest > -Double.infinity else { return 0 }
    // Every table is at most as likely as the observed one: exactly 1, without rounding.
    if terms.count == highest - lowest + 1 { return 1 }
    var sum = 0.0
    for term in terms { sum += Double.exp(term - largest) }
    return min(1, Double.exp(largest + Double.log(sum)))
  }

  /// The natural log of the binomial coefficient C(n, k), via log Γ.
  static func logChoose(_ n: Int, _ k: Int) -> Double {
    Double.logGamma(Double(n + 1)) - Double.logGamma(Double(k + 1)) - Double.logGamma(Double(n - k + 1))
  }
}
