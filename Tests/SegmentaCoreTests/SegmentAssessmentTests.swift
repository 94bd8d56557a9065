import Testing

@testable import SegmentaCore

@Suite("Attractiveness × capability-fit matrix: scores, weights, fit, quadrants, ranking")
struct SegmentAssessmentTests {
  static func label(_ text: String) -> FeatureLabel { FeatureLabel(zh: text, en: text) }

  @Test("linear maps min…max to 0…10 and clips; min above max scores lower values higher")
  func linear() {
    let rising = MatrixSpec.Criterion(
      label: Self.label("a"), measure: .share, weight: 1, mapping: .linear(min: 100, max: 300))
    #expect(rising.score(150) == 2.5 && rising.score(50) == 0 && rising.score(400) == 10)
    #expect(rising.score(nil) == nil && rising.score(.nan) == nil)
    let falling = MatrixSpec.Criterion(
      label: Self.label("b"), measure: .share, weight: 1, mapping: .linear(min: 0.6, max: 0.1))
    #expect(abs((falling.score(0.2) ?? 0) - 8) < 1e-12)
  }

  @Test("thresholds give the score of the highest step reached, 'below' under the first")
  func thresholds() {
    let criterion = MatrixSpec.Criterion(
      label: Self.label("price"), measure: .share, weight: 1,
      mapping: .thresholds(
        [MatrixSpec.Threshold(at: 0.3, score: 6), MatrixSpec.Threshold(at: 0.6, score: 2)], below: 10))
    #expect(criterion.score(0.1) == 10 && criterion.score(0.3) == 6 && criterion.score(0.59) == 6)
    #expect(criterion.score(0.6) == 2 && criterion.score(1) == 2)
  }

  @Test("a capability scores each customer's value and averages over the segment; default for others")
  func capabilityScores() {
    let sales = MatrixSpec.Capability(
      name: "sales", dimension: "industry", scores: ["production": 2, "logistics": 0], defaultScore: 1)
    let values: [String?] = ["production", "production", "logistics", nil, "production", "retail"]
    let segments: [Int32] = [0, 0, 1, 1, 2, 2]
    #expect(sales.segmentScores(values: values, segments: segments, segmentCount: 4) == [2, 0.5, 1.5, 1])
    let flat = MatrixSpec.Capability(name: "design", dimension: nil, scores: [:], defaultScore: 2)
    #expect(flat.segmentScores(values: [], segments: segments, segmentCount: 3) == [2, 2, 2])
  }

  /// Three criteria: share (weight 2, linear 0…0.5), mean spend (weight 3, linear 0…1,000), price-first
  /// share (weight 1, thresholds below 10, ≥ 0.5 → 0).
  static let spec = MatrixSpec(
    criteria: [
      MatrixSpec.Criterion(label: label("share"), measure: .share, weight: 2, mapping: .linear(min: 0, max: 0.5)),
      MatrixSpec.Criterion(
        label: label("spend"), measure: .kpi(.mean("spend")), weight: 3, mapping: .linear(min: 0, max: 1_000)),
      MatrixSpec.Criterion(
        label: label("price"), measure: .kpi(.share(column: "factor", value: "cheapest")), weight: 1,
        mapping: .thresholds([MatrixSpec.Threshold(at: 0.5, score: 0)], below: 10)),
    ],
    capabilities: [
      MatrixSpec.Capability(name: "sales", dimension: nil, scores: [:], defaultScore: 2),
      MatrixSpec.Capability(name: "delivery", dimension: nil, scores: [:], defaultScore: 1),
    ], attractivenessThreshold: 6, fitThreshold: 1.5)

  @Test("attractiveness is the weighted mean of the scores; fit the mean of the capabilities; quadrants; ranks")
  func handComputed() throws {
    let assessment = SegmentAssessment(
      spec: Self.spec,
      segments: [
        // 50 of 100 customers: share 0.5 → 10; spend 800 → 8; price 0.2 → 10: (2·10 + 3·8 + 1·10) / 6 = 9.
        .init(segment: 1, name: Self.label("A"), customers: 50, values: [nil, 800, 0.2], capabilities: [2, 2]),
        // 30: share 0.3 → 6; spend 400 → 4; price 0.7 → 0: (12 + 12 + 0) / 6 = 4; fit 1.5 → opportunistic.
        .init(segment: 2, name: Self.label("B"), customers: 30, values: [nil, 400, 0.7], capabilities: [2, 1]),
        // 20: share 0.2 → 4; spend missing; price 0 → 10: (8 + 10) / 3 = 6 over the criteria it has; fit 0.5.
        .init(segment: 3, name: Self.label("C"), customers: 20, values: [nil, nil, 0], capabilities: [1, 0]),
      ])
    let weights: [Double] = [2.0 / 6, 3.0 / 6, 1.0 / 6]
    #expect(assessment.criteria.map(\.weight) == weights)
    #expect(assessment.rows.map(\.segment) == [1, 3, 2])
    #expect(assessment.rows.map(\.rank) == [1, 2, 3])
    let a = assessment.rows[0]
    #expect(abs((a.attractiveness ?? 0) - 9) < 1e-12 && a.fit == 2 && a.quadrant == .target)
    #expect(a.criteria.map(\.score) == [10, 8, 10] && a.criteria[0].value == 0.5)
    let c = assessment.rows[1]
    #expect(abs((c.attractiveness ?? 0) - 6) < 1e-12 && c.fit == 0.5 && c.quadrant == .build)
    #expect(c.criteria[1] == SegmentAssessment.CriterionScore(value: nil, score: nil))
    let b = assessment.rows[2]
    #expect(abs((b.attractiveness ?? 0) - 4) < 1e-12 && b.fit == 1.5 && b.quadrant == .opportunistic)
    #expect(assessment.targets.map(\.segment) == [1])
  }

  @Test("quadrants: thresholds are inclusive; no value at all is unrated")
  func quadrants() {
    func q(_ a: Double?, _ f: Double) -> SegmentAssessment.Quadrant {
      SegmentAssessment.quadrant(attractiveness: a, fit: f, attractivenessThreshold: 6, fitThreshold: 1.5)
    }
    #expect(q(6, 1.5) == .target && q(6, 1.49) == .build && q(5.99, 1.5) == .opportunistic && q(0, 0) == .avoid)
    #expect(q(nil, 2) == .unrated)
  }
}
