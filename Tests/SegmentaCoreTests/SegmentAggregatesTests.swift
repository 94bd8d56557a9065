import Testing

@testable import SegmentaCore

@Suite("Segment profiles from aggregates")
struct SegmentAggregatesTests {
  /// 3,000 rows in four segments of unequal sizes, two features with missing values and a skewed one.
  static func rows() -> (segments: [Int32], columns: [(String, [Double])]) {
    var generator = SplitMix64(seed: 7)
    var segments: [Int32] = []
    var a: [Double] = []
    var b: [Double] = []
    var c: [Double] = []
    for row in 0..<3_000 {
      let s = Int32([0, 0, 0, 1, 1, 2, 3, 3][row % 8])
      segments.append(s)
      let u = Double(generator.next() % 1_000_000) / 1_000_000
      a.append(row % 17 == 0 ? .nan : Double(s) * 3 + u)
      b.append(row % 5 == 0 ? .nan : 1_000 * u * u + Double(s == 2 ? 500 : 0))
      c.append(Double(generator.next() % 1_000) * (s == 3 ? 10 : 1))
    }
    return (segments, [("a", a), ("b", b), ("c", c)])
  }

  @Test("sums per segment give the same means, overall means and η² as the row-by-row pass")
  func separationsFromSums() throws {
    let (segments, columns) = Self.rows()
    let preprocessing = try PreprocessingModel.fit(columns, options: PreprocessingOptions())
    let sizes = (0..<4).map { s in segments.filter { $0 == s }.count }
    for (f, column) in columns.enumerated() {
      let transform = preprocessing.transforms[f]
      var sums = FeatureSums(
        count: [0, 0, 0, 0], sum: [0, 0, 0, 0], scaledSum: [0, 0, 0, 0], scaledSquares: [0, 0, 0, 0])
      for (row, value) in column.1.enumerated() {
        let s = Int(segments[row])
        if !value.isNaN {
          sums.count[s] += 1
          sums.sum[s] += value
        }
        let x = Double(Float(transform.apply(value)))
        sums.scaledSum[s] += x
        sums.scaledSquares[s] += x * x
      }
      let rows = FeatureSeparation(values: column.1, segments: segments, sizes: sizes, transform: transform)
      let aggregated = FeatureSeparation(sums: sums, sizes: sizes)
      #expect(rows.etaSquared > 0.01)
      #expect(abs(aggregated.etaSquared - rows.etaSquared) <= 1e-12 * rows.etaSquared, "\(column.0)")
      #expect(abs(aggregated.overall! - rows.overall!) <= 1e-12 * abs(rows.overall!))
      for s in 0..<4 { #expect(abs(aggregated.means[s]! - rows.means[s]!) <= 1e-12 * abs(rows.means[s]!)) }
    }
  }

  @Test("a profile from aggregates equals the profile from rows")
  func profileFromAggregates() throws {
    let (segments, columns) = Self.rows()
    let preprocessing = try PreprocessingModel.fit(columns, options: PreprocessingOptions(winsorize: nil))
    let features = columns.map { ProfileColumn(name: $0.0, label: FeatureLabel(zh: $0.0, en: $0.0), values: $0.1) }
    let cities: [String?] = segments.enumerated().map { row, s in
      row % 11 == 0 ? nil : ["北京", "上海", "广州"][(row + Int(s)) % 3]
    }
    let kpis = [
      KPIDefinition(label: FeatureLabel(zh: "a", en: "a"), measure: .mean("a")),
      KPIDefinition(label: FeatureLabel(zh: "城", en: "City"), measure: .share(column: "city", value: "北京")),
    ]
    let playbook = Playbook(rules: [
      Playbook.Rule(id: "a", strong: ["a"], weak: [], actions: [FeatureLabel(zh: "甲", en: "A")])
    ])
    let rows = SegmentProfiler.profile(
      segments: segments, segmentCount: 4, clusterGroups: [0, 1, 2, 3], features: features,
      preprocessing: preprocessing, categories: [("city", cities)], texts: ["city": cities],
      numbers: ["a": columns[0].1], kpis: kpis, playbook: playbook)
    let sizes = (0..<4).map { s in segments.filter { $0 == s }.count }
    var counts = [[String: Int]](repeating: [:], count: 4)
    for (row, city) in cities.enumerated() { if let city { counts[Int(segments[row])][city, default: 0] += 1 } }
    let separations = columns.enumerated().map { f, column in
      FeatureSeparation(values: column.1, segments: segments, sizes: sizes, transform: preprocessing.transforms[f])
    }
    let kpiValues = (0..<4).map { s -> [Double?] in
      [
        separations[0].means[s],
        Double(zip(segments, cities).filter { Int($0.0) == s && $0.1 == "北京" }.count) / Double(sizes[s]),
      ]
    }
    let aggregated = SegmentProfiler.profile(
      aggregates: SegmentAggregates(
        sizes: sizes, separations: separations, categories: [("city", counts)], kpiValues: kpiValues),
      clusterGroups: [0, 1, 2, 3], features: features.map { ($0.name, $0.label) }, kpis: kpis, playbook: playbook)
    #expect(aggregated == rows)
    #expect(rows.segments.contains { !$0.actions.isEmpty })
  }
}
