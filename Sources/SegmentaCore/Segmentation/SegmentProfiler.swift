import Dispatch

/// Builds the profile cards of a segmentation's segments.
///
/// Means are taken over present values. A feature's normalised mean in segment s is
/// (m_s − min m) / (max m − min m) over the segments; a feature whose segment means are all equal is
/// neither strong nor weak anywhere. Strong features are those normalised ≥ 0.8 (at most 5, highest
/// first, ties to the more important feature), weak ones ≤ 0.2 (at most 5, lowest first). The
/// automatic name is "高<strongest>组 / High <strongest>", adding the second-strongest trait, or the
/// weakest when there is only one strong trait ("…，低<weakest> / …, low <weakest>"), and
/// "普通组 / Average" when there is neither.
public enum SegmentProfiler {
  /// Normalised means at or above this (0.8) are strong.
  public static let strongThreshold = 0.8
  /// Normalised means at or below this (0.2) are weak.
  public static let weakThreshold = 0.2
  /// The most strong traits, and the most weak traits, listed per segment (5).
  public static let traitLimit = 5

  /// Profiles `segmentCount` segments of the rows: sizes, means, traits, top categories, KPIs,
  /// suggested actions and automatic names (made unique), and each feature's η² importance.
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
    let separations = perFeature.compactMap { $0 }
    precondition(separations.count == features.count, "every feature was profiled")
    return profile(
      segments: segments, segmentCount: segmentCount, clusterGroups: clusterGroups,
      features: features.map { ($0.name, $0.label) }, separations: separations, categories: categories,
      texts: texts, numbers: numbers, kpis: kpis, playbook: playbook)
  }

  /// Each feature's ``FeatureSeparation`` by `segments` (0-based, `sizes` rows each), its values (in
  /// original units, NaN missing) taken from `load` a few features at a time and separated on all
  /// cores; `transforms[f]` is how the segmentation scaled feature `f`.
  public static func separations(
    transforms: [FeatureTransform], segments: [Int32], sizes: [Int], load: (Int) throws -> [Double]
  ) rethrows -> [FeatureSeparation] {
    var separations: [FeatureSeparation] = []
    for first in Swift.stride(from: 0, to: transforms.count, by: PreprocessingModel.matrixBatch) {
      let batch = first..<Swift.min(transforms.count, first + PreprocessingModel.matrixBatch)
      var columns: [[Double]] = []
      for feature in batch { columns.append(try load(feature)) }
      let slots = ResultSlots<FeatureSeparation>(count: columns.count)
      DispatchQueue.concurrentPerform(iterations: columns.count) { [columns] offset in
        slots.set(
          offset,
          FeatureSeparation(
            values: columns[offset], segments: segments, sizes: sizes, transform: transforms[first + offset]))
      }
      separations += slots.values()
    }
    return separations
  }

  /// Profiles the segments from each feature's ``FeatureSeparation``, computed beforehand one
  /// feature at a time (so the features' values need not be held together); otherwise as
  /// ``profile(segments:segmentCount:clusterGroups:features:preprocessing:categories:texts:numbers:kpis:playbook:)``.
  public static func profile(
    segments: [Int32], segmentCount: Int, clusterGroups: [Int], features: [(name: String, label: FeatureLabel)],
    separations: [FeatureSeparation],
    categories: [(name: String, values: [String?])], texts: [String: [String?]] = [:], numbers: [String: [Double]],
    kpis: [KPIDefinition], playbook: Playbook
  ) -> SegmentationProfile {
    precondition(separations.count == features.count, "one separation a feature")
    var sizes = [Int](repeating: 0, count: segmentCount)
    for segment in segments { sizes[Int(segment)] += 1 }
    // Each categorical column's value counts per segment.
    let counts = categories.map { column -> [[String: Int]] in
      var counts = [[String: Int]](repeating: [:], count: segmentCount)
      for row in segments.indices where row < column.values.count {
        if let value = column.values[row] { counts[Int(segments[row])][value, default: 0] += 1 }
      }
      return counts
    }
    let kpiValues = (0..<segmentCount).map { s in
      kpis.map { value(of: $0, segment: s, segments: segments, numbers: numbers, texts: texts) }
    }
    return profile(
      aggregates: SegmentAggregates(
        sizes: sizes, separations: separations,
        categories: zip(categories, counts).map { ($0.name, $1) }, kpiValues: kpiValues),
      clusterGroups: clusterGroups, features: features, kpis: kpis, playbook: playbook)
  }

  /// Profiles the segments from their aggregates alone (sizes, each feature's ``FeatureSeparation``,
  /// value counts of the categorical columns, KPI values), such as an SQL engine computes them for data
  /// too large for the workspace; the traits, names and actions are those of the row-based profile.
  public static func profile(
    aggregates: SegmentAggregates, clusterGroups: [Int], features: [(name: String, label: FeatureLabel)],
    kpis: [KPIDefinition], playbook: Playbook
  ) -> SegmentationProfile {
    let separations = aggregates.separations
    precondition(separations.count == features.count, "one separation a feature")
    let sizes = aggregates.sizes
    let segmentCount = sizes.count
    let rows = sizes.reduce(0, +)
    var means = [[Double?]](repeating: [Double?](repeating: nil, count: features.count), count: segmentCount)
    for (f, separation) in separations.enumerated() {
      for s in 0..<segmentCount { means[s][f] = separation.means[s] }
    }
    let overall = separations.map(\.overall)
    let eta = separations.map(\.etaSquared)
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
      // The features that vary between segments, as traits of this segment.
      let varying = (0..<features.count).compactMap { f -> (feature: Int, trait: Trait)? in
        guard let normalized = normalized[s][f], let mean = means[s][f] else { return nil }
        return (f, Trait(feature: features[f].name, label: features[f].label, normalized: normalized, mean: mean))
      }
      // Equal normalised means: the feature that separates the segments more first, then the earlier.
      func moreImportant(_ a: Int, _ b: Int) -> Bool { eta[a] > eta[b] || (eta[a] == eta[b] && a < b) }
      let strong = varying.filter { $0.trait.normalized >= strongThreshold }
        .sorted { a, b in
          let (x, y) = (a.trait.normalized, b.trait.normalized)
          return x > y || (x == y && moreImportant(a.feature, b.feature))
        }
        .prefix(traitLimit).map(\.trait)
      let weak = varying.filter { $0.trait.normalized <= weakThreshold }
        .sorted { a, b in
          let (x, y) = (a.trait.normalized, b.trait.normalized)
          return x < y || (x == y && moreImportant(a.feature, b.feature))
        }
        .prefix(traitLimit).map(\.trait)
      let top = aggregates.categories.map { column in
        let counts = s < column.counts.count ? column.counts[s] : [:]
        let best = counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(3)
        return CategoryTop(
          column: column.name,
          top: best.map {
            ValueShare(value: $0.key, count: $0.value, share: Double($0.value) / Double(max(sizes[s], 1)))
          })
      }
      let kpiValues = kpis.enumerated().map { k, kpi in
        KPIValue(
          label: kpi.label, value: s < aggregates.kpiValues.count ? aggregates.kpiValues[s][k] : nil,
          isShare: { if case .share = kpi.measure { return true } else { return false } }())
      }
      profiles.append(
        SegmentProfile(
          id: s + 1, clusters: clusterGroups.enumerated().filter { $0.element == s }.map { $0.offset + 1 },
          size: sizes[s], share: Double(sizes[s]) / Double(max(rows, 1)),
          automaticName: name(strong: strong, weak: weak), means: means[s], normalized: normalized[s],
          strong: strong, weak: weak, categories: top, kpis: kpiValues,
          actions: actions(strong: strong, weak: weak, playbook: playbook)))
    }
    disambiguate(&profiles)
    return SegmentationProfile(features: profiled, segments: profiles)
  }

  /// A KPI's value over the customers of `segment` (nil when the column is unknown or the segment
  /// has no value): the mean or median of present numbers, or the share of members whose text
  /// equals the KPI's value.
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

  /// The automatic name from a segment's traits: "高A、B组 / High A & B" for two strong traits,
  /// "高A，低C组 / High A, low C" for one strong and a weak one, "低C组 / Low C" for weak ones only,
  /// and "普通组 / Average" for none.
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
