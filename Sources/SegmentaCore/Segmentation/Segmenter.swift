/// Runs a segmentation: preprocessing, k-means for each k, quality measures, the choice of k and
/// the merging of clusters into groups.
public enum Segmenter {
  /// Silhouettes within this (0.005) of the best count as a tie; ties go to the smallest k.
  public static let silhouetteTie = 0.005

  /// Segments rows described by `columns` (name and one value per row; NaN is missing).
  ///
  /// Fits the preprocessing, runs k-means for each candidate k, scores every k (silhouette on a
  /// seeded sample, Calinski–Harabasz and Davies–Bouldin on all rows), picks k by
  /// ``choose(_:automatic:)``, numbers clusters by size and, when `options.groups` is smaller than
  /// k, merges the centres with Ward linkage. `progress` receives a short phrase before each step.
  ///
  /// - Throws: ``SegmentationError`` when there are no rows, k is out of range, or a feature cannot
  ///   be prepared.
  public static func run(
    _ columns: [(name: String, values: [Double])], options: SegmentationOptions, progress: (String) -> Void = { _ in }
  ) throws -> Segmentation {
    guard let rows = columns.first?.values.count, rows > 0 else {
      throw SegmentationError(message: "there are no customers to segment")
    }
    progress("preparing \(columns.count) features")
    let preprocessing: PreprocessingModel
    do {
      preprocessing = try PreprocessingModel.fit(columns, options: options.preprocessing)
    } catch {
      throw SegmentationError(message: error.description)
    }
    progress("scaling")
    let matrix = preprocessing.matrix(columns.map(\.values))
    let candidates = options.k.map { [$0] } ?? Array(options.kRange)
    guard let largest = candidates.max(), largest <= rows, candidates.allSatisfy({ $0 >= 1 }) else {
      throw SegmentationError(message: "k must be between 1 and the number of customers (\(rows))")
    }
    if options.k == nil && candidates.contains(where: { $0 < 2 }) {
      throw SegmentationError(message: "the k range must start at 2 or more: one cluster has no silhouette")
    }
    var fits: [KMeansResult] = []
    let variance = options.tolerance > 0 ? KMeans.meanVariance(matrix) : nil
    for k in candidates {
      progress("k-means with k = \(k)")
      fits.append(
        KMeans.fit(
          matrix,
          options: KMeansOptions(
            k: k, maxIterations: options.maxIterations, tolerance: options.tolerance, restarts: options.restarts,
            seed: options.seed &+ UInt64(k), sampleLimit: options.sampleLimit, meanVariance: variance)))
    }
    progress("silhouettes")
    var rng = SplitMix64(seed: options.seed).split(0x5111)
    let sample = KMeans.seededSample(count: rows, size: options.silhouetteSample, using: &rng)
    let sampleMatrix = sample.count == rows ? matrix : matrix.rows(sample)
    let silhouettes =
      candidates.allSatisfy({ $0 >= 2 })
      ? ClusterQuality.silhouettes(sampleMatrix, labelings: fits.map { fit in sample.map { fit.labels[$0] } })
      : candidates.map { _ in Double.nan }
    var table: [KQuality] = []
    for (index, fit) in fits.enumerated() {
      progress("quality of k = \(fit.k)")
      table.append(
        KQuality(
          k: fit.k, inertia: fit.inertia, silhouette: silhouettes[index],
          calinskiHarabasz: fit.k >= 2 ? ClusterQuality.calinskiHarabasz(matrix, labels: fit.labels) : .nan,
          daviesBouldin: fit.k >= 2 ? ClusterQuality.daviesBouldin(matrix, labels: fit.labels) : .nan,
          iterations: fit.iterations, smallestCluster: fit.sizes.min() ?? 0))
    }
    let (choice, rule) = choose(table, automatic: options.k == nil)
    let fit = renumbered(fits[choice])
    var notes: [String] = []
    var merges: [WardMerge] = []
    var clusterGroups = Array(0..<fit.k)
    if let groupCount = options.groups, groupCount < fit.k {
      progress("merging \(fit.k) clusters into \(groupCount) groups")
      let stride = matrix.stride
      let points = (0..<fit.k).map { j in (0..<matrix.columns).map { Double(fit.centres[j * stride + $0]) } }
      merges = WardLinkage.merges(points: points, weights: fit.sizes.map(Double.init))
      clusterGroups = WardLinkage.groups(merges: merges, leaves: fit.k, groups: groupCount)
    } else if let groupCount = options.groups, groupCount > fit.k {
      notes.append("\(fit.k) clusters cannot be merged into \(groupCount) groups; each cluster is its own group")
    }
    // Number groups by size, largest first.
    var groupSizes = [Int](repeating: 0, count: (clusterGroups.max() ?? 0) + 1)
    for (cluster, group) in clusterGroups.enumerated() { groupSizes[group] += fit.sizes[cluster] }
    let order = groupSizes.indices.sorted {
      groupSizes[$0] > groupSizes[$1] || (groupSizes[$0] == groupSizes[$1] && $0 < $1)
    }
    var rank = [Int](repeating: 0, count: order.count)
    for (position, group) in order.enumerated() { rank[group] = position }
    clusterGroups = clusterGroups.map { rank[$0] }
    groupSizes = order.map { groupSizes[$0] }
    let groups = fit.labels.map { Int32(clusterGroups[Int($0)]) }
    return Segmentation(
      preprocessing: preprocessing, k: fit.k, centres: fit.centres, stride: matrix.stride, clusters: fit.labels,
      clusterSizes: fit.sizes, kTable: table, chosen: table[choice], kRule: rule, merges: merges,
      clusterGroups: clusterGroups, groups: groups, groupSizes: groupSizes, notes: notes)
  }

  /// The index of the chosen k and the rule applied: the highest silhouette, with any k within
  /// ``silhouetteTie`` of it counting as a tie won by the smallest k.
  static func choose(_ table: [KQuality], automatic: Bool) -> (Int, String) {
    guard automatic, table.count > 1 else { return (0, "k given") }
    let best = table.map(\.silhouette).max() ?? 0
    let index = table.firstIndex { $0.silhouette >= best - silhouetteTie } ?? 0
    let rule =
      "highest silhouette (\(PreprocessingModel.format(best)))"
      + (table[index].silhouette < best ? "; k = \(table[index].k) is within \(silhouetteTie) of it and smaller" : "")
    return (index, rule)
  }

  /// The fit with clusters renumbered by size, largest first (ties keep their order).
  static func renumbered(_ fit: KMeansResult) -> KMeansResult {
    let order = fit.sizes.indices.sorted {
      fit.sizes[$0] > fit.sizes[$1] || (fit.sizes[$0] == fit.sizes[$1] && $0 < $1)
    }
    var rank = [Int32](repeating: 0, count: fit.k)
    for (position, cluster) in order.enumerated() { rank[cluster] = Int32(position) }
    let stride = fit.centres.count / max(1, fit.k)
    var centres = [Float](repeating: 0, count: fit.centres.count)
    for (position, cluster) in order.enumerated() {
      for f in 0..<stride { centres[position * stride + f] = fit.centres[cluster * stride + f] }
    }
    var result = fit
    result.centres = centres
    result.labels = fit.labels.map { rank[Int($0)] }
    result.sizes = order.map { fit.sizes[$0] }
    return result
  }
}
