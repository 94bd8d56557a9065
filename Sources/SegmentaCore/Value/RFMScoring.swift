/// Recency, frequency and monetary scores (1 to `bins`, the highest best) by quantile rank.
///
/// Tie policy: a customer's score is 1 + ⌊bins · below / n⌋, where `below` counts the customers with a
/// strictly worse value (a larger recency, a smaller frequency or monetary value) and n the customers
/// scored. Equal values therefore always get equal scores, and scores never decrease as a value
/// improves; with many ties (most customers bought once) a bin may stay empty. Missing (NaN)
/// values get score 0 and are not counted in n.
public struct RFMScoring: Sendable, Equatable, Codable {
  /// The number of score bins (5 gives quintiles).
  public var bins: Int

  /// Scoring with `bins` bins (2 to 10).
  public init(bins: Int = 5) {
    self.bins = bins
  }

  /// Scores `values`, larger values better unless `lowerIsBetter`.
  public func scores(_ values: [Double], lowerIsBetter: Bool = false) -> [Int8] {
    let present = values.indices.filter { !values[$0].isNaN }
    let n = present.count
    var result = [Int8](repeating: 0, count: values.count)
    guard n > 0 else { return result }
    // Order from worst to best; `below` is the start of each run of equal values.
    let order = ValueOrder.rows(present, by: values, descending: lowerIsBetter)
    var start = 0
    while start < n {
      var end = start + 1
      while end < n && values[order[end]] == values[order[start]] { end += 1 }
      let score = Int8(1 + (bins * start) / n)
      for i in start..<end { result[order[i]] = score }
      start = end
    }
    return result
  }

  /// Scores recency (days since the last purchase, lower better), frequency and monetary value.
  public func score(daysSinceLast: [Double], frequency: [Double], monetary: [Double]) -> RFMScores {
    RFMScores(
      recency: scores(daysSinceLast, lowerIsBetter: true), frequency: scores(frequency), monetary: scores(monetary),
      bins: bins)
  }
}

/// Each customer's R, F and M scores.
public struct RFMScores: Sendable, Equatable {
  /// Recency scores (1 … bins, 0 missing).
  public var recency: [Int8]
  /// Frequency scores.
  public var frequency: [Int8]
  /// Monetary scores.
  public var monetary: [Int8]
  /// The number of bins.
  public var bins: Int

  /// The three scores as one number R·100 + F·10 + M (555 best with five bins), NaN when one is missing.
  public var combined: [Double] {
    recency.indices.map { i in
      recency[i] == 0 || frequency[i] == 0 || monetary[i] == 0
        ? .nan : Double(Int(recency[i]) * 100 + Int(frequency[i]) * 10 + Int(monetary[i]))
    }
  }
}

/// The RFM grid: named segments as rectangles of recency and frequency scores on a 1–5 scale, the
/// first rectangle holding a customer naming them (the ten-name grid: Champions, Loyal, …).
public struct RFMGrid: Sendable, Equatable, Codable {
  /// One named rectangle of the grid.
  public struct Cell: Sendable, Equatable, Codable {
    /// The segment's Chinese and English names.
    public var label: FeatureLabel
    /// Recency scores covered, inclusive, on the 1–5 scale.
    public var recency: ClosedRange<Int>
    /// Frequency scores covered, inclusive, on the 1–5 scale.
    public var frequency: ClosedRange<Int>

    /// A named rectangle.
    public init(label: FeatureLabel, recency: ClosedRange<Int>, frequency: ClosedRange<Int>) {
      self.label = label
      self.recency = recency
      self.frequency = frequency
    }
  }

  /// The segments in order: the first that covers a customer names them.
  public var cells: [Cell]

  /// A grid of `cells`.
  public init(cells: [Cell]) {
    self.cells = cells
  }

  /// A score of `bins` bins on the grid's 1–5 scale: ⌈score · 5 / bins⌉.
  public static func gridScore(_ score: Int8, bins: Int) -> Int {
    bins == 5 ? Int(score) : (Int(score) * 5 + bins - 1) / bins
  }

  /// Each customer's segment (0-based), or −1 when a score is missing or no cell covers them.
  public func assign(_ scores: RFMScores) -> [Int32] {
    scores.recency.indices.map { i in
      guard scores.recency[i] > 0 && scores.frequency[i] > 0 else { return -1 }
      let r = Self.gridScore(scores.recency[i], bins: scores.bins)
      let f = Self.gridScore(scores.frequency[i], bins: scores.bins)
      return Int32(cells.firstIndex { $0.recency.contains(r) && $0.frequency.contains(f) } ?? -1)
    }
  }

  /// The 5 × 5 table of segment indexes by recency (rows, 1…5) and frequency (columns, 1…5); −1 uncovered.
  public var table: [[Int]] {
    (1...5).map { r in
      (1...5).map { f in cells.firstIndex { $0.recency.contains(r) && $0.frequency.contains(f) } ?? -1 }
    }
  }
}
