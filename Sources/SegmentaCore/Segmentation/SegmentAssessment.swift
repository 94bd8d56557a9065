/// Segments placed on the attractiveness × capability-fit matrix and ranked (the brief's choice of
/// target segments among company customers).
///
/// A segment's attractiveness is the weighted mean of its criteria's scores, Σ wᵢ sᵢ ÷ Σ wᵢ over the
/// criteria it has a value for (weights normalised to sum to 1 over those); its capability fit is the
/// mean of its capability scores (0–2). The quadrant compares both with the spec's thresholds.
public struct SegmentAssessment: Sendable, Equatable, Codable {
  /// Where a segment falls on the matrix.
  public enum Quadrant: String, Sendable, Equatable, Codable, CaseIterable {
    /// Attractive and within the company's reach: a target segment.
    case target
    /// Attractive, but capabilities are missing: build them first (or partner).
    case build
    /// Within reach but not attractive: serve opportunistically.
    case opportunistic
    /// Neither: do not pursue.
    case avoid
    /// No criterion had a value for the segment.
    case unrated

    /// The Chinese and English labels.
    public var label: FeatureLabel {
      switch self {
      case .target: FeatureLabel(zh: "目标细分", en: "target")
      case .build: FeatureLabel(zh: "需补能力", en: "build capability")
      case .opportunistic: FeatureLabel(zh: "机会型", en: "opportunistic")
      case .avoid: FeatureLabel(zh: "暂不进入", en: "avoid")
      case .unrated: FeatureLabel(zh: "无法评分", en: "unrated")
      }
    }
  }

  /// One criterion as applied: its label, its normalised weight (over all criteria) and how it maps.
  public struct CriterionSummary: Sendable, Equatable, Codable {
    /// The Chinese and English labels.
    public var label: FeatureLabel
    /// The weight divided by the sum of all weights.
    public var weight: Double
    /// `linear min…max` or `thresholds …`.
    public var mapping: String
  }

  /// One criterion in one segment.
  public struct CriterionScore: Sendable, Equatable, Codable {
    /// The value measured (nil when the segment has none).
    public var value: Double?
    /// Its score 0…10 (nil when there is no value).
    public var score: Double?
  }

  /// One segment's place on the matrix.
  public struct Row: Sendable, Equatable, Codable {
    /// Rank, 1 for the most attractive.
    public var rank: Int
    /// The 1-based segment.
    public var segment: Int
    /// The segment's name.
    public var name: FeatureLabel
    /// Its customers.
    public var customers: Int
    /// Its share of the segmentation's customers.
    public var share: Double
    /// 0…10; nil when no criterion had a value.
    public var attractiveness: Double?
    /// Each criterion's value and score, in spec order.
    public var criteria: [CriterionScore]
    /// Each capability's score 0…2, in spec order.
    public var capabilities: [Double]
    /// The mean of the capability scores, 0…2.
    public var fit: Double
    /// Where it falls on the matrix.
    public var quadrant: Quadrant
  }

  /// The criteria as applied.
  public var criteria: [CriterionSummary]
  /// The capabilities' names, in spec order.
  public var capabilities: [String]
  /// The attractiveness from which a segment is attractive.
  public var attractivenessThreshold: Double
  /// The capability fit from which a segment is within reach.
  public var fitThreshold: Double
  /// The segments, most attractive first (then the higher fit, then the segment number).
  public var rows: [Row]

  /// What is known of one segment before scoring.
  public struct SegmentFacts: Sendable, Equatable {
    /// The 1-based segment.
    public var segment: Int
    /// The segment's name.
    public var name: FeatureLabel
    /// Its customers.
    public var customers: Int
    /// Each KPI criterion's value (nil for the size criteria, which are computed here, or when missing).
    public var values: [Double?]
    /// Each capability's score 0…2.
    public var capabilities: [Double]

    /// Creates the facts of a segment.
    public init(segment: Int, name: FeatureLabel, customers: Int, values: [Double?], capabilities: [Double]) {
      self.segment = segment
      self.name = name
      self.customers = customers
      self.values = values
      self.capabilities = capabilities
    }
  }

  /// Scores and ranks `segments` by `spec`.
  public init(spec: MatrixSpec, segments: [SegmentFacts]) {
    let total = segments.reduce(0) { $0 + $1.customers }
    let weightSum = spec.criteria.reduce(0) { $0 + $1.weight }
    criteria = spec.criteria.map { criterion in
      CriterionSummary(
        label: criterion.label, weight: weightSum > 0 ? criterion.weight / weightSum : 0,
        mapping: Self.describe(criterion.mapping))
    }
    capabilities = spec.capabilities.map(\.name)
    attractivenessThreshold = spec.attractivenessThreshold
    fitThreshold = spec.fitThreshold
    var rows: [Row] = segments.map { facts in
      let share = total > 0 ? Double(facts.customers) / Double(total) : 0
      var weighted = 0.0
      var weights = 0.0
      let scores = spec.criteria.enumerated().map { index, criterion in
        let value: Double?
        switch criterion.measure {
        case .customers: value = Double(facts.customers)
        case .share: value = share
        case .kpi: value = index < facts.values.count ? facts.values[index] : nil
        }
        let score = criterion.score(value)
        if let score {
          weighted += criterion.weight * score
          weights += criterion.weight
        }
        return CriterionScore(value: value, score: score)
      }
      let attractiveness = weights > 0 ? weighted / weights : nil
      let fit =
        facts.capabilities.isEmpty ? 0 : facts.capabilities.reduce(0, +) / Double(facts.capabilities.count)
      return Row(
        rank: 0, segment: facts.segment, name: facts.name, customers: facts.customers, share: share,
        attractiveness: attractiveness, criteria: scores, capabilities: facts.capabilities, fit: fit,
        quadrant: Self.quadrant(
          attractiveness: attractiveness, fit: fit, attractivenessThreshold: spec.attractivenessThreshold,
          fitThreshold: spec.fitThreshold))
    }
    rows.sort { a, b in
      let x = a.attractiveness ?? -1
      let y = b.attractiveness ?? -1
      if x != y { return x > y }
      if a.fit != b.fit { return a.fit > b.fit }
      return a.segment < b.segment
    }
    for index in rows.indices { rows[index].rank = index + 1 }
    self.rows = rows
  }

  /// The quadrant of a segment: attractive (≥ the threshold) and fitting (≥ its threshold) → target;
  /// attractive only → build; fitting only → opportunistic; neither → avoid.
  public static func quadrant(
    attractiveness: Double?, fit: Double, attractivenessThreshold: Double, fitThreshold: Double
  ) -> Quadrant {
    guard let attractiveness else { return .unrated }
    switch (attractiveness >= attractivenessThreshold, fit >= fitThreshold) {
    case (true, true): return .target
    case (true, false): return .build
    case (false, true): return .opportunistic
    case (false, false): return .avoid
    }
  }

  /// The target segments, in rank order.
  public var targets: [Row] { rows.filter { $0.quadrant == .target } }

  static func describe(_ mapping: MatrixSpec.Mapping) -> String {
    func number(_ x: Double) -> String {
      x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
    switch mapping {
    case .linear(let low, let high): return "linear \(number(low))…\(number(high))"
    case .thresholds(let steps, let below):
      return "thresholds "
        + (["below \(number(below))"] + steps.map { "≥ \(number($0.at)): \(number($0.score))" })
        .joined(separator: ", ")
    }
  }
}
