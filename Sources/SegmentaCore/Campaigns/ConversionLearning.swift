/// What separates the targets who converted from those who did not, and the one extra condition
/// that would have raised conversion most (`segmenta campaign learn`).
public struct ConversionLearning: Sendable, Equatable, Codable {
  /// A numeric feature's separation.
  public struct FeatureSeparation: Sendable, Equatable, Codable {
    /// Name.
    public var name: String
    /// Display labels.
    public var label: FeatureLabel
    /// Mean among converters.
    public var convertedMean: Double
    /// Mean among the other targets.
    public var otherMean: Double
    /// Standardised mean difference (Cohen's d with the pooled standard deviation).
    public var standardizedDifference: Double
    /// Conversion rate in each quartile of the feature among targets (lowest first).
    public var quartileRates: [Double]
  }

  /// A tag's separation.
  public struct TagSeparation: Sendable, Equatable, Codable {
    /// The tag.
    public var name: String
    /// Display labels.
    public var label: FeatureLabel
    /// Targets carrying it.
    public var tagged: Int
    /// Conversion rate of targets carrying it.
    public var taggedRate: Double
    /// Conversion rate of targets without it.
    public var otherRate: Double
  }

  /// An extra condition on the targets.
  public struct Refinement: Sendable, Equatable, Codable {
    /// The condition in the rule language.
    public var condition: String
    /// Targets meeting it.
    public var targets: Int
    /// Converters meeting it.
    public var converters: Int
    /// Their conversion rate.
    public var rate: Double
    /// Share of all converters kept.
    public var convertersKept: Double
    /// Share of all targets kept.
    public var targetsKept: Double
  }

  /// Targets analysed.
  public var targets: Int
  /// Of them, converters.
  public var converters: Int
  /// Features, most separating (largest |d|) first.
  public var features: [FeatureSeparation]
  /// Tags, largest rate difference first.
  public var tags: [TagSeparation]
  /// The condition that raises the conversion rate most while keeping at least `minimumKept` of the
  /// converters; nil when none raises it.
  public var refinement: Refinement?
  /// The share of converters a refinement must keep.
  public var minimumKept: Double

  /// Analyses `converted` (one flag per target) against the features and tags (values per target).
  ///
  /// Candidate conditions are `feature >= t` and `feature <= t` for t at the deciles of the feature
  /// among targets, and `tag(NAME)` / `not tag(NAME)`. A refinement is chosen by the highest
  /// conversion rate among the targets it keeps, ties to more converters kept; a target with a
  /// missing value fails a feature condition.
  public init(
    converted: [Bool], features: [(name: String, label: FeatureLabel, values: [Double])],
    tags: [(name: String, label: FeatureLabel, members: [Bool])], minimumKept: Double = 0.5
  ) {
    let n = converted.count
    let total = converted.filter { $0 }.count
    targets = n
    converters = total
    self.minimumKept = minimumKept
    let baseRate = n > 0 ? Double(total) / Double(n) : 0
    var best: Refinement?
    func consider(_ condition: String, _ keep: (Int) -> Bool) {
      var kept = 0
      var keptConverters = 0
      for i in 0..<n where keep(i) {
        kept += 1
        if converted[i] { keptConverters += 1 }
      }
      guard kept > 0, total > 0, kept < n else { return }
      let share = Double(keptConverters) / Double(total)
      guard share >= minimumKept else { return }
      let rate = Double(keptConverters) / Double(kept)
      guard rate > baseRate else { return }
      if let current = best, rate < current.rate || (rate == current.rate && keptConverters <= current.converters) {
        return
      }
      best = Refinement(
        condition: condition, targets: kept, converters: keptConverters, rate: rate, convertersKept: share,
        targetsKept: Double(kept) / Double(n))
    }

    var separations: [FeatureSeparation] = []
    for feature in features {
      var sums = (converted: 0.0, other: 0.0)
      var squares = (converted: 0.0, other: 0.0)
      var counts = (converted: 0, other: 0)
      var present: [Double] = []
      for i in 0..<n where !feature.values[i].isNaN {
        let value = feature.values[i]
        present.append(value)
        if converted[i] {
          sums.converted += value
          squares.converted += value * value
          counts.converted += 1
        } else {
          sums.other += value
          squares.other += value * value
          counts.other += 1
        }
      }
      guard counts.converted > 1, counts.other > 1 else { continue }
      let mean1 = sums.converted / Double(counts.converted)
      let mean0 = sums.other / Double(counts.other)
      let ss1 = max(0, squares.converted - Double(counts.converted) * mean1 * mean1)
      let ss0 = max(0, squares.other - Double(counts.other) * mean0 * mean0)
      let pooled = ((ss1 + ss0) / Double(counts.converted + counts.other - 2)).squareRoot()
      let d = pooled > 0 ? (mean1 - mean0) / pooled : 0
      present.sort()
      let quartiles = (1...3).map { ColumnSummary.quantile(present, Double($0) / 4) }
      var quartileCounts = [(Int, Int)](repeating: (0, 0), count: 4)
      for i in 0..<n where !feature.values[i].isNaN {
        let value = feature.values[i]
        let q = value <= quartiles[0] ? 0 : value <= quartiles[1] ? 1 : value <= quartiles[2] ? 2 : 3
        quartileCounts[q].0 += 1
        if converted[i] { quartileCounts[q].1 += 1 }
      }
      separations.append(
        FeatureSeparation(
          name: feature.name, label: feature.label, convertedMean: mean1, otherMean: mean0, standardizedDifference: d,
          quartileRates: quartileCounts.map { $0.0 > 0 ? Double($0.1) / Double($0.0) : .nan }))
      var thresholds: [Double] = []
      for decile in 1...9 {
        let t = Self.rounded(ColumnSummary.quantile(present, Double(decile) / 10))
        if thresholds.last != t { thresholds.append(t) }
      }
      let values = feature.values
      for t in thresholds {
        let shown = Self.number(t)
        // The rule text must select exactly the customers counted here.
        guard Double(shown) == t else { continue }
        consider("\(feature.name) >= \(shown)") { i in values[i] >= t }
        consider("\(feature.name) <= \(shown)") { i in values[i] <= t }
      }
    }
    self.features = separations.sorted {
      abs($0.standardizedDifference) > abs($1.standardizedDifference)
        || (abs($0.standardizedDifference) == abs($1.standardizedDifference) && $0.name < $1.name)
    }

    var tagSeparations: [TagSeparation] = []
    for tag in tags {
      var tagged = (count: 0, converted: 0)
      for i in 0..<n where tag.members[i] {
        tagged.count += 1
        if converted[i] { tagged.converted += 1 }
      }
      let others = n - tagged.count
      tagSeparations.append(
        TagSeparation(
          name: tag.name, label: tag.label, tagged: tagged.count,
          taggedRate: tagged.count > 0 ? Double(tagged.converted) / Double(tagged.count) : .nan,
          otherRate: others > 0 ? Double(total - tagged.converted) / Double(others) : .nan))
      let members = tag.members
      consider("tag(\(tag.name))") { i in members[i] }
      consider("not tag(\(tag.name))") { i in !members[i] }
    }
    func gap(_ t: TagSeparation) -> Double {
      t.taggedRate.isNaN || t.otherRate.isNaN ? -1 : abs(t.taggedRate - t.otherRate)
    }
    self.tags = tagSeparations.sorted { gap($0) > gap($1) || (gap($0) == gap($1) && $0.name < $1.name) }
    refinement = best
  }

  /// `value` rounded to 4 significant digits, so that thresholds read well (powers of ten are
  /// exact doubles, so the result is the double nearest the rounded decimal).
  static func rounded(_ value: Double) -> Double {
    guard value != 0, value.isFinite else { return value }
    var exponent = 0
    var magnitude = abs(value)
    while magnitude >= 10_000 && exponent > -20 {
      magnitude /= 10
      exponent -= 1
    }
    while magnitude < 1_000 && exponent < 20 {
      magnitude *= 10
      exponent += 1
    }
    var power = 1.0
    for _ in 0..<abs(exponent) { power *= 10 }
    return exponent >= 0 ? (value * power).rounded() / power : (value / power).rounded() * power
  }

  /// A threshold as the rule language writes it.
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }
}
