import Dispatch

/// The profile of every segment of a segmentation, the brief's way.
public struct SegmentationProfile: Sendable, Equatable, Codable {
  /// The features profiled, in order, with how much each separates the segments.
  public var features: [ProfiledFeature]
  /// The segments, largest first.
  public var segments: [SegmentProfile]
}

/// A feature as profiled.
public struct ProfiledFeature: Sendable, Equatable, Codable {
  /// Name.
  public var name: String
  /// Display labels.
  public var label: FeatureLabel
  /// Mean over all customers, in original units.
  public var overallMean: Double?
  /// η² = between-segment sum of squares / total sum of squares, in the clustering's scaled space.
  public var etaSquared: Double
  /// η² divided by the largest η² of all features (1 for the most separating feature).
  public var importance: Double
}

/// One segment's profile card.
public struct SegmentProfile: Sendable, Equatable, Codable {
  /// 1-based segment id.
  public var id: Int
  /// The 1-based k-means clusters that form the segment.
  public var clusters: [Int]
  /// Customers.
  public var size: Int
  /// Share of all customers.
  public var share: Double
  /// The automatic name from the strongest (and, when telling, weakest) traits.
  public var automaticName: FeatureLabel
  /// Mean of every feature in original units (nil when all values are missing).
  public var means: [Double?]
  /// Means min-max normalised across segments (nil when the feature does not vary between segments).
  public var normalized: [Double?]
  /// Strong features: normalised ≥ 0.8, at most five, strongest first.
  public var strong: [Trait]
  /// Weak features: normalised ≤ 0.2, at most five, weakest first.
  public var weak: [Trait]
  /// The three most frequent values of each categorical column, with their shares of the segment.
  public var categories: [CategoryTop]
  /// KPI lines.
  public var kpis: [KPIValue]
  /// Suggested actions from the playbook.
  public var actions: [SuggestedAction]
}

/// A strong or weak feature of a segment.
public struct Trait: Sendable, Equatable, Codable {
  /// Feature name.
  public var feature: String
  /// Display labels.
  public var label: FeatureLabel
  /// Normalised mean.
  public var normalized: Double
  /// Mean in original units.
  public var mean: Double
}

/// The top values of one categorical column within a segment.
public struct CategoryTop: Sendable, Equatable, Codable {
  /// The column.
  public var column: String
  /// Up to three values, most frequent first.
  public var top: [ValueShare]
}

/// A value and its share.
public struct ValueShare: Sendable, Equatable, Codable {
  /// The value.
  public var value: String
  /// Customers with it.
  public var count: Int
  /// Share of the segment.
  public var share: Double
}

/// A KPI definition: a mean, median or share over customers.
public struct KPIDefinition: Sendable, Equatable, Codable {
  /// What is computed.
  public enum Measure: Sendable, Equatable, Codable {
    /// Mean of a numeric column or feature.
    case mean(String)
    /// Median of a numeric column or feature.
    case median(String)
    /// Share of customers whose text column equals a value.
    case share(column: String, value: String)
  }

  /// Display labels.
  public var label: FeatureLabel
  /// The measure.
  public var measure: Measure

  /// Creates a KPI.
  public init(label: FeatureLabel, measure: Measure) {
    self.label = label
    self.measure = measure
  }

  /// The column read.
  public var column: String {
    switch measure {
    case .mean(let c), .median(let c), .share(let c, _): return c
    }
  }
}

/// A KPI's value in one segment.
public struct KPIValue: Sendable, Equatable, Codable {
  /// Display labels.
  public var label: FeatureLabel
  /// The value (a fraction for shares), nil without data.
  public var value: Double?
  /// Whether the value is a share (shown as a percentage).
  public var isShare: Bool
}

/// An action suggested by a playbook rule.
public struct SuggestedAction: Sendable, Equatable, Codable {
  /// The rule that matched.
  public var rule: String
  /// The action, in Chinese and English.
  public var text: FeatureLabel
}

/// Rules that map strong and weak features to marketing actions.
public struct Playbook: Sendable, Equatable, Codable {
  /// One rule.
  public struct Rule: Sendable, Equatable, Codable {
    /// Identifier.
    public var id: String
    /// Features whose strength supports the rule.
    public var strong: [String]
    /// Features whose weakness supports the rule.
    public var weak: [String]
    /// How many of those must hold.
    public var minimumMatches: Int
    /// The actions, in Chinese and English.
    public var actions: [FeatureLabel]

    /// Creates a rule.
    public init(id: String, strong: [String], weak: [String], minimumMatches: Int = 1, actions: [FeatureLabel]) {
      self.id = id
      self.strong = strong
      self.weak = weak
      self.minimumMatches = minimumMatches
      self.actions = actions
    }
  }

  /// The rules, in priority order.
  public var rules: [Rule]

  /// Creates a playbook.
  public init(rules: [Rule]) {
    self.rules = rules
  }
}

/// A column of the data being profiled.
public struct ProfileColumn: Sendable {
  /// Name.
  public var name: String
  /// Display labels.
  public var label: FeatureLabel
  /// One value per row in original units, NaN where missing.
  public var values: [Double]

  /// Creates a column.
  public init(name: String, label: FeatureLabel, values: [Double]) {
    self.name = name
    self.label = label
    self.values = values
  }
}

/// Builds segment profiles.
///
/// Means are taken over present values. A feature's normalised mean in segment s is
/// (m_s − min m) / (max m − min m) over the segments; a feature whose segment means are all equal is
/// neither strong nor weak anywhere. Strong features are those normalised ≥ 0.8 (at most 5, highest
/// first, ties to the more important feature), weak ones ≤ 0.2 (at most 5, lowest first). The
/// automatic name is "高<strongest>组 / High <strongest>", adding the second-strongest trait, or the
/// weakest when there is only one strong trait ("…，低<weakest> / …, low <weakest>"), and
/// "普通组 / Average" when there is neither.
public enum SegmentProfiler {
  /// Normalised means at or above this are strong.
  public static let strongThreshold = 0.8
  /// Normalised means at or below this are weak.
  public static let weakThreshold = 0.2
  /// Traits listed per segment at most.
  public static let traitLimit = 5

  /// Profiles `segmentCount` segments of the rows.
  ///
  /// - Parameters:
  ///   - segments: each row's segment, 0-based.
  ///   - clusterGroups: each cluster's segment (0-based), to list the clusters of a segment.
  ///   - features: the features in original units, in the order of `preprocessing`'s transforms.
  ///   - preprocessing: how the segmentation scaled them, for predictor importance.
  ///   - categories: text columns to show the top values of.
  ///   - texts: text columns share KPIs may read.
  ///   - numbers: numeric columns KPIs may read.
  ///   - kpis: KPI lines.
  ///   - playbook: rules for suggested actions.
  public static func profile(
    segments: [Int32], segmentCount: Int, clusterGroups: [Int], features: [ProfileColumn],
    preprocessing: PreprocessingModel,
    categories: [(name: String, values: [String?])], texts: [String: [String?]] = [:], numbers: [String: [Double]],
    kpis: [KPIDefinition], playbook: Playbook
  ) -> SegmentationProfile {
    let rows = segments.count
    var sizes = [Int](repeating: 0, count: segmentCount)
    for segment in segments { sizes[Int(segment)] += 1 }

    // Means per segment in original units and predictor importance (η² in the scaled space), one
    // feature per core at a time.
    let segmentSizes = sizes
    var perFeature = [FeatureSeparation?](repeating: nil, count: features.count)
    perFeature.withSharedMutablePointer { results in
      DispatchQueue.concurrentPerform(iterations: features.count) { f in
        results.base[f] = FeatureSeparation(
          values: features[f].values, segments: segments, sizes: segmentSizes,
          transform: f < preprocessing.transforms.count ? preprocessing.transforms[f] : nil)
      }
    }
    var means = [[Double?]](repeating: [Double?](repeating: nil, count: features.count), count: segmentCount)
    for (f, separation) in perFeature.enumerated() {
      for s in 0..<segmentCount { means[s][f] = separation!.means[s] }
    }
    let overall = perFeature.map { $0!.overall }
    let eta = perFeature.map { $0!.etaSquared }
    let largestEta = eta.max() ?? 0
    let profiled = features.enumerated().map { f, feature in
      ProfiledFeature(
        name: feature.name, label: feature.label, overallMean: overall[f], etaSquared: eta[f],
        importance: largestEta > 0 ? eta[f] / largestEta : 0)
    }

    // Normalised means.
    var normalized = [[Double?]](repeating: [Double?](repeating: nil, count: features.count), count: segmentCount)
    for f in 0..<features.count {
      let present = (0..<segmentCount).compactMap { means[$0][f] }
      guard let low = present.min(), let high = present.max(), high - low > 1e-12 * max(1, abs(high), abs(low))
      else { continue }
      for s in 0..<segmentCount { normalized[s][f] = means[s][f].map { ($0 - low) / (high - low) } }
    }

    var profiles: [SegmentProfile] = []
    for s in 0..<segmentCount {
      func trait(_ f: Int) -> Trait {
        Trait(feature: features[f].name, label: features[f].label, normalized: normalized[s][f]!, mean: means[s][f]!)
      }
      let strong = (0..<features.count)
        .filter { (normalized[s][$0] ?? -1) >= strongThreshold }
        .sorted { a, b in
          let (x, y) = (normalized[s][a]!, normalized[s][b]!)
          return x > y || (x == y && (eta[a] > eta[b] || (eta[a] == eta[b] && a < b)))
        }
        .prefix(traitLimit).map(trait)
      let weak = (0..<features.count)
        .filter { (normalized[s][$0] ?? 2) <= weakThreshold }
        .sorted { a, b in
          let (x, y) = (normalized[s][a]!, normalized[s][b]!)
          return x < y || (x == y && (eta[a] > eta[b] || (eta[a] == eta[b] && a < b)))
        }
        .prefix(traitLimit).map(trait)
      var top: [CategoryTop] = []
      for column in categories {
        var counts: [String: Int] = [:]
        for row in 0..<rows where Int(segments[row]) == s {
          if let value = column.values[row] { counts[value, default: 0] += 1 }
        }
        let best = counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(3)
        top.append(
          CategoryTop(
            column: column.name,
            top: best.map {
              ValueShare(value: $0.key, count: $0.value, share: Double($0.value) / Double(max(sizes[s], 1)))
            }))
      }
      let kpiValues = kpis.map { kpi in
        KPIValue(
          label: kpi.label, value: value(of: kpi, segment: s, segments: segments, numbers: numbers, texts: texts),
          isShare: { if case .share = kpi.measure { return true } else { return false } }())
      }
      profiles.append(
        SegmentProfile(
          id: s + 1, clusters: clusterGroups.enumerated().filter { $0.element == s }.map { $0.offset + 1 },
          size: sizes[s], share: Double(sizes[s]) / Double(max(rows, 1)),
          automaticName: name(strong: Array(strong), weak: Array(weak)), means: means[s], normalized: normalized[s],
          strong: Array(strong), weak: Array(weak), categories: top, kpis: kpiValues,
          actions: actions(strong: Array(strong), weak: Array(weak), playbook: playbook)))
    }
    disambiguate(&profiles)
    return SegmentationProfile(features: profiled, segments: profiles)
  }

  static func value(
    of kpi: KPIDefinition, segment: Int, segments: [Int32], numbers: [String: [Double]], texts: [String: [String?]]
  ) -> Double? {
    switch kpi.measure {
    case .mean(let column), .median(let column):
      guard let values = numbers[column] else { return nil }
      var present: [Double] = []
      for row in segments.indices where Int(segments[row]) == segment && !values[row].isNaN {
        present.append(values[row])
      }
      guard !present.isEmpty else { return nil }
      if case .mean = kpi.measure { return present.reduce(0, +) / Double(present.count) }
      present.sort()
      return ColumnSummary.quantile(present, 0.5)
    case .share(let column, let value):
      guard let values = texts[column] else { return nil }
      var members = 0
      var matches = 0
      for row in segments.indices where Int(segments[row]) == segment {
        members += 1
        if values[row] == value { matches += 1 }
      }
      return members > 0 ? Double(matches) / Double(members) : nil
    }
  }

  /// The automatic name from a segment's traits.
  public static func name(strong: [Trait], weak: [Trait]) -> FeatureLabel {
    guard let first = strong.first else {
      if let low = weak.first { return FeatureLabel(zh: "低\(low.label.zh)组", en: "Low \(low.label.en)") }
      return FeatureLabel(zh: "普通组", en: "Average")
    }
    var zh = "高\(first.label.zh)"
    var en = "High \(first.label.en)"
    if strong.count > 1 {
      zh += "、\(strong[1].label.zh)"
      en += " & \(strong[1].label.en)"
    } else if let low = weak.first {
      zh += "，低\(low.label.zh)"
      en += ", low \(low.label.en)"
    }
    return FeatureLabel(zh: zh + "组", en: en)
  }

  /// Makes automatic names unique by appending the segment id where two would be equal.
  static func disambiguate(_ profiles: inout [SegmentProfile]) {
    var seen: [String: Int] = [:]
    for profile in profiles { seen[profile.automaticName.en, default: 0] += 1 }
    for index in profiles.indices where seen[profiles[index].automaticName.en, default: 0] > 1 {
      profiles[index].automaticName.zh += " \(profiles[index].id)"
      profiles[index].automaticName.en += " (\(profiles[index].id))"
    }
  }

  /// Actions of the (at most two) playbook rules matching best.
  ///
  /// A rule that lists strong features applies only to a segment with at least one of them among
  /// its strong traits.
  static func actions(strong: [Trait], weak: [Trait], playbook: Playbook) -> [SuggestedAction] {
    let strongNames = Set(strong.map(\.feature))
    let weakNames = Set(weak.map(\.feature))
    let scored = playbook.rules.enumerated().compactMap { index, rule -> (Int, Int, Playbook.Rule)? in
      let strongMatches = rule.strong.filter(strongNames.contains).count
      let score = strongMatches + rule.weak.filter(weakNames.contains).count
      if !rule.strong.isEmpty && strongMatches == 0 { return nil }
      return score >= max(1, rule.minimumMatches) ? (score, index, rule) : nil
    }
    let chosen = scored.sorted { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }.prefix(2)
    return chosen.flatMap { _, _, rule in rule.actions.map { SuggestedAction(rule: rule.id, text: $0) } }
  }
}

/// One feature's segment means in original units and its η² in the scaled space.
struct FeatureSeparation {
  /// Mean per segment (nil where the segment has no value).
  var means: [Double?]
  /// Mean over all rows with a value.
  var overall: Double?
  /// Between-segment share of the scaled feature's variance.
  var etaSquared = 0.0

  init(values: [Double], segments: [Int32], sizes: [Int], transform: FeatureTransform?) {
    let segmentCount = sizes.count
    var sum = [Double](repeating: 0, count: segmentCount)
    var count = [Int](repeating: 0, count: segmentCount)
    var total = 0.0
    var present = 0
    for row in values.indices where !values[row].isNaN {
      let s = Int(segments[row])
      sum[s] += values[row]
      count[s] += 1
      total += values[row]
      present += 1
    }
    means = (0..<segmentCount).map { count[$0] > 0 ? sum[$0] / Double(count[$0]) : nil }
    overall = present > 0 ? total / Double(present) : nil
    guard let transform else { return }
    let scaled = values.map { Double(Float(transform.apply($0))) }
    var scaledSum = [Double](repeating: 0, count: segmentCount)
    var scaledTotal = 0.0
    for row in scaled.indices {
      scaledSum[Int(segments[row])] += scaled[row]
      scaledTotal += scaled[row]
    }
    let grand = scaledTotal / Double(max(scaled.count, 1))
    var between = 0.0
    for s in 0..<segmentCount where sizes[s] > 0 {
      let d = scaledSum[s] / Double(sizes[s]) - grand
      between += Double(sizes[s]) * d * d
    }
    var within = 0.0
    for row in scaled.indices {
      let s = Int(segments[row])
      let d = scaled[row] - scaledSum[s] / Double(sizes[s])
      within += d * d
    }
    etaSquared = between + within > 0 ? between / (between + within) : 0
  }
}
