import Testing

@testable import SegmentaCore

@Suite("Preprocessing")
struct PreprocessingTests {
  @Test("median fill, p1/p99 winsorising, log1p above the skewness threshold, population z-scores")
  func defaults() throws {
    // A right-skewed usage feature with a missing value and an outlier.
    var usage = (1...99).map { Double($0 * $0) }
    usage.append(1_000_000)
    usage[10] = .nan
    let model = try PreprocessingModel.fit([("usage", usage)], options: PreprocessingOptions())
    let t = model.transforms[0]
    let present = usage.filter { !$0.isNaN }.sorted()
    #expect(t.fill == ColumnSummary.quantile(present, 0.5))
    #expect(t.missing == 1)
    #expect(t.lower == ColumnSummary.quantile(present, 0.01))
    #expect(t.upper == ColumnSummary.quantile(present, 0.99))
    #expect(t.log1p)
    #expect(t.logReason.hasPrefix("skewness"))
    // Applying the model to the fitted data gives mean 0 and population standard deviation 1.
    let matrix = model.matrix([usage])
    let values = (0..<matrix.rows).map { Double(matrix[$0, 0]) }
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    #expect(abs(mean) < 1e-6)
    #expect(abs(variance - 1) < 1e-5)
    // The outlier is clipped to the upper bound before the log.
    #expect(t.apply(1_000_000) == t.apply(t.upper!))
    #expect(t.apply(.nan) == t.apply(t.fill))
  }

  @Test("symmetric or negative features keep their scale; overrides and options are honoured")
  func choices() throws {
    let symmetric = (0..<100).map { Double($0 % 10) }
    let negative = (0..<100).map { Double($0) - 50 }
    let model = try PreprocessingModel.fit(
      [("a", symmetric), ("b", negative)],
      options: PreprocessingOptions(winsorize: nil, scaling: .minmax, weights: ["b": 2]))
    #expect(!model.transforms[0].log1p && model.transforms[0].logReason.hasPrefix("skewness"))
    #expect(!model.transforms[1].log1p && model.transforms[1].logReason == "negative values")
    #expect(model.transforms[0].apply(9) == 1 && model.transforms[0].apply(0) == 0)
    #expect(model.transforms[1].apply(49) == 2)
    let forced = try PreprocessingModel.fit(
      [("a", symmetric)], options: PreprocessingOptions(log: .auto, logOverrides: ["a": true], scaling: .none))
    #expect(forced.transforms[0].log1p && forced.transforms[0].logReason == "forced")
    #expect(abs(forced.transforms[0].apply(3) - 1.3862943611198906) < 1e-15)
    #expect(
      throws: PreprocessingError(feature: "b", message: "log1p was asked for, but the feature has negative values")
    ) {
      try PreprocessingModel.fit([("b", negative)], options: PreprocessingOptions(log: .on))
    }
    #expect(throws: PreprocessingError.self) {
      try PreprocessingModel.fit([("c", [.nan, .nan])], options: PreprocessingOptions())
    }
    let constant = try PreprocessingModel.fit([("c", [5, 5, 5])], options: PreprocessingOptions())
    #expect(constant.transforms[0].scale == 1 && constant.transforms[0].apply(5) == 0)
  }
}

@Suite("Segment profiles")
struct SegmentProfileTests {
  // Three segments of two rows each; feature "calls" separates them, "sms" only segment 2.
  let segments: [Int32] = [0, 0, 1, 1, 2, 2]
  let calls = ProfileColumn(
    name: "calls", label: FeatureLabel(zh: "通话", en: "Calls"), values: [10, 20, 40, 60, 100, .nan])
  let sms = ProfileColumn(name: "sms", label: FeatureLabel(zh: "短信", en: "SMS"), values: [1, 1, 9, 11, 2, 2])
  let flat = ProfileColumn(name: "flat", label: FeatureLabel(zh: "平", en: "Flat"), values: [3, 3, 3, 3, 3, 3])

  func profile(_ playbook: Playbook = Playbook(rules: []), kpis: [KPIDefinition] = []) throws -> SegmentationProfile {
    let columns = [calls, sms, flat]
    let preprocessing = try PreprocessingModel.fit(
      columns.map { ($0.name, $0.values) }, options: PreprocessingOptions(winsorize: nil, log: .off))
    return SegmentProfiler.profile(
      segments: segments, segmentCount: 3, clusterGroups: [0, 0, 1, 2], features: columns, preprocessing: preprocessing,
      categories: [("city", ["北京", "上海", "北京", "北京", nil, "广州"])],
      texts: ["gender": ["F", "M", "F", "F", "M", nil]], numbers: ["arpu": [10, 30, 50, 70, 90, .nan]], kpis: kpis,
      playbook: playbook)
  }

  @Test("means, min-max normalisation and sizes")
  func means() throws {
    let p = try profile()
    #expect(p.segments.map(\.size) == [2, 2, 2])
    #expect(p.segments.map(\.clusters) == [[1, 2], [3], [4]])
    #expect(p.segments.map { $0.means[0] } == [15, 50, 100])  // segment 3's missing value is ignored
    #expect(p.segments.map { $0.normalized[0] } == [0, 35.0 / 85, 1])
    #expect(p.segments.map { $0.normalized[1] } == [0, 1, 1.0 / 9])
    #expect(p.segments.map { $0.normalized[2] } == [nil, nil, nil])  // no spread: never strong or weak
  }

  @Test("strong (≥ 0.8) and weak (≤ 0.2) traits, strongest first, and automatic names")
  func traits() throws {
    let p = try profile()
    #expect(p.segments[0].strong.isEmpty)
    #expect(p.segments[0].weak.map(\.feature) == ["sms", "calls"])  // both 0; sms separates more (higher η²)
    #expect(p.segments[1].strong.map(\.feature) == ["sms"])
    #expect(p.segments[2].strong.map(\.feature) == ["calls"])
    #expect(p.segments[2].weak.map(\.feature) == ["sms"])
    #expect(p.features[1].etaSquared > p.features[0].etaSquared)
    #expect(p.segments[1].weak.isEmpty)  // calls is 0.41 there
    #expect(p.segments[0].automaticName == FeatureLabel(zh: "低短信组", en: "Low SMS"))
    #expect(p.segments[1].automaticName == FeatureLabel(zh: "高短信组", en: "High SMS"))
    #expect(p.segments[2].automaticName == FeatureLabel(zh: "高通话，低短信组", en: "High Calls, low SMS"))
    #expect(SegmentProfiler.name(strong: [], weak: []) == FeatureLabel(zh: "普通组", en: "Average"))
  }

  @Test("top-3 categories, KPI means, medians and shares, and η² importance")
  func categoriesAndKPIs() throws {
    let p = try profile(kpis: [
      KPIDefinition(label: FeatureLabel(zh: "ARPU", en: "ARPU"), measure: .mean("arpu")),
      KPIDefinition(label: FeatureLabel(zh: "中位ARPU", en: "Median ARPU"), measure: .median("arpu")),
      KPIDefinition(label: FeatureLabel(zh: "女性", en: "Female"), measure: .share(column: "gender", value: "F")),
    ])
    #expect(p.segments[0].categories[0].top.map(\.value) == ["上海", "北京"])  // ties by value
    #expect(p.segments[1].categories[0].top == [ValueShare(value: "北京", count: 2, share: 1)])
    #expect(p.segments[2].categories[0].top == [ValueShare(value: "广州", count: 1, share: 0.5)])
    #expect(p.segments.map { $0.kpis[0].value } == [20, 60, 90])
    #expect(p.segments.map { $0.kpis[1].value } == [20, 60, 90])
    #expect(p.segments.map { $0.kpis[2].value } == [0.5, 1, 0])
    #expect(p.segments[2].kpis[2].isShare)
    // η² of calls on z-scores of [10, 20, 40, 60, 100, median 40]: between / total.
    let values = [10.0, 20, 40, 60, 100, 40]
    let mean = values.reduce(0, +) / 6
    let total = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let groupMeans = [15.0, 50, 70]
    let between = groupMeans.reduce(0) { $0 + 2 * ($1 - mean) * ($1 - mean) }
    #expect(abs(p.features[0].etaSquared - between / total) < 1e-6)
    #expect(p.features.map(\.importance).max() == 1)
    #expect(p.features[2].etaSquared == 0)
  }

  @Test("a playbook rule needs one of its strong features; the best two rules give the actions")
  func playbook() throws {
    let act = { (text: String) in FeatureLabel(zh: text, en: text) }
    let playbook = Playbook(rules: [
      .init(id: "weak_only_sms", strong: [], weak: ["sms"], actions: [act("w")]),
      .init(id: "needs_strong", strong: ["calls"], weak: ["sms"], minimumMatches: 2, actions: [act("c")]),
      .init(id: "strong_sms", strong: ["sms"], weak: ["calls"], actions: [act("s1"), act("s2")]),
      .init(id: "weak_without_strong", strong: ["flat"], weak: ["calls"], actions: [act("never")]),
    ])
    let p = try profile(playbook)
    #expect(p.segments[0].actions.map(\.rule) == ["weak_only_sms"])
    #expect(p.segments[1].actions.map(\.rule) == ["strong_sms", "strong_sms"])
    #expect(p.segments[2].actions.map(\.rule) == ["needs_strong", "weak_only_sms"])
  }
}

@Suite("k-means behaviour")
struct KMeansBehaviourTests {
  /// Well-separated blobs: (blob, row) → point.
  static func blobs(_ count: Int, per: Int, seed: UInt64) -> (FeatureMatrix, [Int]) {
    var rng = SplitMix64(seed: seed)
    var values: [Float] = []
    var truth: [Int] = []
    for blob in 0..<count {
      for _ in 0..<per {
        for dimension in 0..<5 {
          values.append(Float(Double(blob * 10 + (dimension == blob % 5 ? 5 : 0)) + rng.nextNormal() * 0.5))
        }
        truth.append(blob)
      }
    }
    return (FeatureMatrix(rows: count * per, columns: 5, unpadded: values), truth)
  }

  @Test("separated blobs are recovered exactly, and the same seed gives the same result")
  func recovery() {
    let (matrix, truth) = Self.blobs(6, per: 300, seed: 4)
    let a = KMeans.fit(matrix, options: KMeansOptions(k: 6, seed: 9))
    let b = KMeans.fit(matrix, options: KMeansOptions(k: 6, seed: 9))
    #expect(ClusterQuality.adjustedRandIndex(truth, a.labels) == 1)
    #expect(a == b)
  }

  @Test("an empty cluster is re-seeded from the farthest point")
  func emptyCluster() {
    let (matrix, _) = Self.blobs(3, per: 100, seed: 2)
    var initial = [Float](repeating: 0, count: 4 * matrix.stride)
    for j in 0..<3 {
      for f in 0..<matrix.stride { initial[j * matrix.stride + f] = matrix.values[j * 100 * matrix.stride + f] }
    }
    for f in 0..<5 { initial[3 * matrix.stride + f] = 1_000 }  // a centre no row is near
    let result = KMeans.lloyd(matrix, centres: initial, k: 4, options: KMeansOptions(k: 4))
    #expect(result.sizes.allSatisfy { $0 > 0 })
    #expect(result.sizes.reduce(0, +) == 300)
  }

  @Test("above the sample limit, a sample fit refined with mini-batches is as good as a full fit")
  func miniBatch() {
    let (matrix, truth) = Self.blobs(5, per: 1_000, seed: 8)
    let full = KMeans.fit(matrix, options: KMeansOptions(k: 5, seed: 3))
    let sampled = KMeans.fit(matrix, options: KMeansOptions(k: 5, seed: 3, sampleLimit: 600))
    #expect(sampled.labels.count == 5_000)
    #expect(ClusterQuality.adjustedRandIndex(truth, sampled.labels) == 1)
    #expect(abs(sampled.inertia / full.inertia - 1) < 0.01)
  }

  @Test("automatic k: the highest silhouette wins and ties within 0.005 go to fewer clusters")
  func chooseK() {
    func row(_ k: Int, _ s: Double) -> KQuality {
      KQuality(
        k: k, inertia: 0, silhouette: s, calinskiHarabasz: 0, daviesBouldin: 0, iterations: 1, smallestCluster: 1)
    }
    #expect(Segmenter.choose([row(2, 0.30), row(3, 0.41), row(4, 0.35)], automatic: true).0 == 1)
    #expect(Segmenter.choose([row(2, 0.30), row(3, 0.406), row(4, 0.41)], automatic: true).0 == 1)
    #expect(Segmenter.choose([row(2, 0.30), row(3, 0.40), row(4, 0.41)], automatic: true).0 == 2)
    #expect(SilhouetteRating(0.24) == .poor && SilhouetteRating(0.25) == .fair && SilhouetteRating(0.51) == .good)
  }

  @Test("the segmenter merges clusters into groups, numbered by size, and segments deterministically")
  func segmenter() throws {
    let (matrix, truth) = Self.blobs(6, per: 200, seed: 5)
    let columns = (0..<5).map { c in (name: "f\(c)", values: (0..<matrix.rows).map { Double(matrix[$0, c]) }) }
    var options = SegmentationOptions(kRange: 2...8, groups: 3, seed: 1)
    options.preprocessing = PreprocessingOptions(winsorize: nil, log: .off)
    let result = try Segmenter.run(columns, options: options)
    #expect(result.k == 6)
    #expect(ClusterQuality.adjustedRandIndex(truth, result.clusters) == 1)
    #expect(result.groupCount == 3)
    #expect(result.groupSizes == result.groupSizes.sorted(by: >))
    #expect(result.clusterSizes == result.clusterSizes.sorted(by: >))
    #expect(result.groups.enumerated().allSatisfy { Int($1) == result.clusterGroups[Int(result.clusters[$0])] })
    #expect(try Segmenter.run(columns, options: options) == result)
  }
}
