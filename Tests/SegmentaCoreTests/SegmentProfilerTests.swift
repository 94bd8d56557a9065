import Testing

@testable import SegmentaCore

@Suite("Segment profiles")
struct SegmentProfilerTests {
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
