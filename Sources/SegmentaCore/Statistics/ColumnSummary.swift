import RealModule

/// Descriptive statistics of one numeric column, as `segmenta features describe` prints them.
///
/// - `std` is the sample standard deviation (n − 1 in the denominator), as pandas' `describe`.
/// - Percentiles interpolate linearly between order statistics: with sorted values x₀…xₙ₋₁ the
///   p-quantile is x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋) for h = (n − 1)p, as numpy's default `percentile`.
/// - `skewness` is the adjusted Fisher–Pearson coefficient G₁ = g₁·√(n(n−1))/(n−2) with
///   g₁ = m₃/m₂^{3/2}, as pandas' `Series.skew()` and `scipy.stats.skew(bias=False)`; nil for fewer
///   than three values or a constant column.
public struct ColumnSummary: Sendable, Equatable, Codable {
  /// Values present.
  public var count: Int
  /// Values missing.
  public var missing: Int
  /// Arithmetic mean.
  public var mean: Double?
  /// Sample standard deviation.
  public var std: Double?
  /// Smallest value.
  public var min: Double?
  /// 1st percentile.
  public var p01: Double?
  /// 25th percentile.
  public var p25: Double?
  /// Median.
  public var p50: Double?
  /// 75th percentile.
  public var p75: Double?
  /// 99th percentile.
  public var p99: Double?
  /// Largest value.
  public var max: Double?
  /// Adjusted skewness G₁.
  public var skewness: Double?

  /// Summarises `values`, where NaN means missing.
  public init(_ values: [Double]) {
    var present = values.filter { !$0.isNaN }
    count = present.count
    missing = values.count - present.count
    guard !present.isEmpty else { return }
    present.sort()
    let n = Double(present.count)
    var sum = 0.0
    for value in present { sum += value }
    let mean = sum / n
    var m2 = 0.0
    var m3 = 0.0
    for value in present {
      let d = value - mean
      let d2 = d * d
      m2 += d2
      m3 += d2 * d
    }
    self.mean = mean
    std = present.count > 1 ? (m2 / (n - 1)).squareRoot() : nil
    min = present.first
    max = present.last
    p01 = Self.quantile(present, 0.01)
    p25 = Self.quantile(present, 0.25)
    p50 = Self.quantile(present, 0.50)
    p75 = Self.quantile(present, 0.75)
    p99 = Self.quantile(present, 0.99)
    let variance = m2 / n
    if present.count > 2 && variance > 0 && variance > 1e-28 * mean * mean {
      let g1 = (m3 / n) / Double.pow(variance, 1.5)
      skewness = g1 * (n * (n - 1)).squareRoot() / (n - 2)
    }
  }

  /// The adjusted skewness G₁ of `values` (NaN missing) without sorting; nil for fewer than three
  /// values or a constant column.
  public static func skewness(_ values: [Double]) -> Double? {
    var n = 0.0
    var sum = 0.0
    for value in values where !value.isNaN {
      n += 1
      sum += value
    }
    guard n > 2 else { return nil }
    let mean = sum / n
    var m2 = 0.0
    var m3 = 0.0
    for value in values where !value.isNaN {
      let d = value - mean
      m2 += d * d
      m3 += d * d * d
    }
    let variance = m2 / n
    guard variance > 0 && variance > 1e-28 * mean * mean else { return nil }
    let g1 = (m3 / n) / Double.pow(variance, 1.5)
    return g1 * (n * (n - 1)).squareRoot() / (n - 2)
  }

  /// The p-quantile of ascending `sorted` values by linear interpolation (numpy's default).
  public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
    precondition(!sorted.isEmpty)
    let h = Double(sorted.count - 1) * p
    let lower = Int(h.rounded(.down))
    let upper = Swift.min(lower + 1, sorted.count - 1)
    let fraction = h - Double(lower)
    return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
  }
}
