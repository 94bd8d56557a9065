/// How stable each segment is: Hennig's clusterwise Jaccard bootstrap and the agreement between
/// seeds.
///
/// Hennig (2007), "Cluster-wise assessment of cluster stability" (R's `fpc::clusterboot`): the
/// customers are resampled with replacement B times and clustered again with the same method; a
/// segment's stability in one resample is the Jaccard similarity, over the resampled positions
/// (repeats counted), between its members and the most similar segment of the new clustering; its
/// stability is the mean over the resamples in which it has members. Hennig's reading: 0.5 or less
/// means the segment dissolves, 0.6–0.75 a pattern without clear membership, 0.75 or more a stable
/// segment and 0.85 or more a highly stable one.
public enum ClusterStability {
  /// Below or at this mean Jaccard a segment dissolves.
  public static let dissolved = 0.5
  /// From this mean Jaccard a segment is stable.
  public static let stable = 0.75
  /// From this mean Jaccard a segment is highly stable.
  public static let highlyStable = 0.85

  /// Hennig's reading of a mean Jaccard similarity.
  public enum Rating: String, Sendable, Codable, CaseIterable {
    case dissolved
    case unclear
    case stable
    case highlyStable = "highly_stable"

    /// The rating of `jaccard` (NaN reads as dissolved: the segment never had members).
    public init(jaccard: Double) {
      if !(jaccard > ClusterStability.dissolved) {
        self = .dissolved
      } else if jaccard >= ClusterStability.highlyStable {
        self = .highlyStable
      } else if jaccard >= ClusterStability.stable {
        self = .stable
      } else {
        self = .unclear
      }
    }
  }

  /// The Jaccard similarity of each of the `segments` reference segments with its best match in one
  /// resample.
  ///
  /// `positions` are the resampled rows (repeats allowed), `reference[row]` a row's segment
  /// (0-based, negative for rows outside every segment) and `labels[i]` the new segment of position i.
  /// NaN for a segment without a member among the positions (`clusterboot` leaves it out of the mean).
  public static func jaccard(reference: [Int32], segments: Int, positions: [Int], labels: [Int32]) -> [Double] {
    precondition(positions.count == labels.count, "one new label per resampled position")
    let newSegments = Int(labels.max() ?? -1) + 1
    guard segments > 0 else { return [] }
    var both = [Int](repeating: 0, count: segments * max(1, newSegments))
    var referenceSize = [Int](repeating: 0, count: segments)
    var newSize = [Int](repeating: 0, count: max(1, newSegments))
    for (i, row) in positions.enumerated() {
      let old = Int(reference[row])
      let new = Int(labels[i])
      if old >= 0 && old < segments { referenceSize[old] += 1 }
      if new >= 0 { newSize[new] += 1 }
      if old >= 0 && old < segments && new >= 0 { both[old * newSegments + new] += 1 }
    }
    return (0..<segments).map { old in
      guard referenceSize[old] > 0 else { return .nan }
      var best = 0.0
      for new in 0..<newSegments {
        let intersection = both[old * newSegments + new]
        let union = referenceSize[old] + newSize[new] - intersection
        if union > 0 { best = max(best, Double(intersection) / Double(union)) }
      }
      return best
    }
  }

  /// The mean of each segment's Jaccard similarities over the resamples (`perResample[b][segment]`),
  /// leaving out the resamples where it had no member; NaN when it had none in every resample.
  public static func mean(_ perResample: [[Double]], segments: Int) -> [Double] {
    (0..<segments).map { segment in
      let values = perResample.map { $0[segment] }.filter { !$0.isNaN }
      return values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }
  }

  /// The rows of one resample of `count` rows with replacement, drawn from `rng`.
  public static func resample(count: Int, using rng: inout SplitMix64) -> [Int] {
    (0..<count).map { _ in Int(rng.next() % UInt64(count)) }
  }

  /// The stability of a segmentation of the rows of `matrix`.
  public struct Assessment: Sendable, Equatable, Codable {
    /// Each segment's mean Jaccard similarity over the resamples (NaN without members in any).
    public var jaccard: [Double]
    /// Each segment's rating.
    public var ratings: [Rating]
    /// In how many resamples each segment dissolved (Jaccard ≤ 0.5).
    public var dissolvedIn: [Int]
    /// The Jaccard similarities, resample by resample (NaN where the segment had no member).
    public var perResample: [[Double]]
    /// The adjusted Rand index between the segmentation and the same fit from each other seed.
    public var seedAgreement: [Double]
  }

  /// How the rows are segmented again: as the stored segmentation was made.
  public enum Refit: Sendable, Equatable {
    /// K-means with these options (the seed replaced on every refit), the centres merged by Ward
    /// linkage weighted by their sizes when there are fewer segments than clusters.
    case kMeans(KMeansOptions)
    /// The seeded batch self-organising map with this grid and schedule, its units that hold rows
    /// merged by Ward linkage weighted by their hits (an empty unit joins its nearest unit's group).
    case map(SelfOrganizingMapOptions)
  }

  /// The Jaccard stability of every segment and the agreement between seeds.
  ///
  /// Resamples the rows `resamples` times (seeded), segments each resample as the stored
  /// segmentation was made (`refit`: k-means with k clusters and its starts, or the map with its grid,
  /// then Ward merging into `segments` groups), and measures each segment's Jaccard stability against
  /// `reference` (each row's 0-based segment); then fits all rows with `seeds` other seeds and gives
  /// the adjusted Rand index of each against the reference. `progress` hears each step.
  public static func assess(
    _ matrix: FeatureMatrix, reference: [Int32], segments: Int, refit: Refit, resamples: Int, seeds: Int,
    seed: UInt64, progress: (String) -> Void = { _ in }
  ) -> Assessment {
    precondition(reference.count == matrix.rows, "one segment a row")
    var rng = SplitMix64(seed: seed).split(0xB007)
    var perResample: [[Double]] = []
    for b in 0..<resamples {
      progress("resample \(b + 1) of \(resamples)")
      let positions = resample(count: matrix.rows, using: &rng)
      let labels = segmentLabels(
        matrix.rows(positions), refit: refit, seed: seed &+ UInt64(b + 1) &* 0x9E37, segments: segments)
      perResample.append(jaccard(reference: reference, segments: segments, positions: positions, labels: labels))
    }
    let means = mean(perResample, segments: segments)
    var agreement: [Double] = []
    for s in 0..<seeds {
      progress("seed \(s + 1) of \(seeds)")
      let labels = segmentLabels(matrix, refit: refit, seed: seed &+ 0x5EED &+ UInt64(s) &* 7919, segments: segments)
      agreement.append(ClusterQuality.adjustedRandIndex(reference, labels))
    }
    return Assessment(
      jaccard: means, ratings: means.map(Rating.init(jaccard:)),
      dissolvedIn: (0..<segments).map { segment in
        perResample.filter { !($0[segment] > dissolved) && !$0[segment].isNaN }.count
      },
      perResample: perResample, seedAgreement: agreement)
  }

  /// Each row's segment when `matrix` is segmented by `refit` with `seed`, merged into at most
  /// `segments` groups.
  static func segmentLabels(_ matrix: FeatureMatrix, refit: Refit, seed: UInt64, segments: Int) -> [Int32] {
    switch refit {
    case .kMeans(var options):
      options.seed = seed
      options.k = min(options.k, matrix.rows)
      let fit = KMeans.fit(matrix, options: options)
      guard segments < fit.k else { return fit.labels }
      let (_, groups) = Segmenter.wardGroups(fit, columns: matrix.columns, stride: matrix.stride, groups: segments)
      return fit.labels.map { Int32(groups[Int($0)]) }
    case .map(let options):
      let fit = SelfOrganizingMap.fit(matrix, options: options, seed: seed)
      let tree = Segmenter.mapTree(fit, features: matrix.columns)
      let unitGroups = tree.unitGroups(max(1, min(segments, tree.used.count)))
      return fit.labels.map { Int32(unitGroups[Int($0)]) }
    }
  }
}
