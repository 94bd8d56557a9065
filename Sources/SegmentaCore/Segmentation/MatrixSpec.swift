/// How target segments are chosen on an attractiveness (0–10) × capability-fit (0–2) matrix: the
/// attractiveness criteria with their weights and scoring, the capabilities scored per dimension value,
/// and the quadrant thresholds (`matrix.yaml`, docs/b2b.md).
public struct MatrixSpec: Sendable, Equatable {
  /// What a criterion reads per segment.
  public enum Measure: Sendable, Equatable {
    /// The segment's customers.
    case customers
    /// The segment's share of the segmentation's customers (0…1).
    case share
    /// A KPI over the segment's customers (mean, median, share of a value), as profiles compute it.
    case kpi(KPIDefinition.Measure)
  }

  /// How a criterion's value becomes a score from 0 to 10.
  public enum Mapping: Sendable, Equatable {
    /// 10 × (x − min) ÷ (max − min), clipped to 0…10; with min above max, lower values score higher.
    case linear(min: Double, max: Double)
    /// The score of the highest threshold the value reaches (`at` ascending), `below` under the first.
    case thresholds([Threshold], below: Double)
  }

  /// A step of a threshold mapping: values from `at` upwards score `score`.
  public struct Threshold: Sendable, Equatable {
    /// The lowest value that scores ``score``.
    public var at: Double
    /// The score, 0…10.
    public var score: Double

    /// Creates a step.
    public init(at: Double, score: Double) {
      self.at = at
      self.score = score
    }
  }

  /// One attractiveness criterion.
  public struct Criterion: Sendable, Equatable {
    /// The Chinese and English labels reports show.
    public var label: FeatureLabel
    /// What the criterion reads per segment.
    public var measure: Measure
    /// The weight before normalisation (> 0).
    public var weight: Double
    /// How the value becomes a score 0–10.
    public var mapping: Mapping

    /// Creates a criterion.
    public init(label: FeatureLabel, measure: Measure, weight: Double, mapping: Mapping) {
      self.label = label
      self.measure = measure
      self.weight = weight
      self.mapping = mapping
    }

    /// The score 0…10 of `value` (nil stays nil).
    public func score(_ value: Double?) -> Double? {
      guard let value, value.isFinite else { return nil }
      switch mapping {
      case .linear(let low, let high):
        return min(10, max(0, 10 * (value - low) / (high - low)))
      case .thresholds(let steps, let below):
        return steps.last { value >= $0.at }?.score ?? below
      }
    }
  }

  /// One capability (sales, design, supply chain, delivery): 0 hard to get, 1 easy to get, 2 already
  /// have, given per value of a customer column or dimension, with a default.
  public struct Capability: Sendable, Equatable {
    /// The capability's name (`sales`).
    public var name: String
    /// The customer column or wide-table feature with categories whose value decides the score; nil
    /// when every segment scores ``defaultScore``.
    public var dimension: String?
    /// The score of each value of ``dimension``.
    public var scores: [String: Double]
    /// The score of a value not listed, or of a missing value.
    public var defaultScore: Double

    /// Creates a capability.
    public init(name: String, dimension: String?, scores: [String: Double], defaultScore: Double) {
      self.name = name
      self.dimension = dimension
      self.scores = scores
      self.defaultScore = defaultScore
    }

    /// The capability's score in each of `segmentCount` segments.
    ///
    /// The mean over the segment's customers (`segments`, 0-based, aligned with `values`) of their value's score. For a cube cell on
    /// ``dimension`` it is that value's score; for a segment mixing values (the "other" cell, a k-means
    /// segment), their customer-weighted mean.
    public func segmentScores(values: [String?], segments: [Int32], segmentCount: Int) -> [Double] {
      guard dimension != nil else { return [Double](repeating: defaultScore, count: segmentCount) }
      var sums = [Double](repeating: 0, count: segmentCount)
      var counts = [Int](repeating: 0, count: segmentCount)
      for (row, segment) in segments.enumerated() where segment >= 0 && Int(segment) < segmentCount {
        sums[Int(segment)] += values[row].flatMap { scores[$0] } ?? defaultScore
        counts[Int(segment)] += 1
      }
      return sums.indices.map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : defaultScore }
    }
  }

  /// The attractiveness criteria.
  public var criteria: [Criterion]
  /// The capabilities.
  public var capabilities: [Capability]
  /// The attractiveness from which a segment is attractive (default 6).
  public var attractivenessThreshold: Double
  /// The capability fit from which the company can serve a segment (default 1.5).
  public var fitThreshold: Double

  /// Creates a spec.
  public init(
    criteria: [Criterion], capabilities: [Capability], attractivenessThreshold: Double = 6, fitThreshold: Double = 1.5
  ) {
    self.criteria = criteria
    self.capabilities = capabilities
    self.attractivenessThreshold = attractivenessThreshold
    self.fitThreshold = fitThreshold
  }
}
