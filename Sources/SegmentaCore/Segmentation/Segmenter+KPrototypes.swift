// Segmentation with k-prototypes: prepared numeric features and categorical columns together.
extension Segmenter {
  /// Segments with k-prototypes (see ``KPrototypes``) on the prepared numeric features `names` and
  /// the `categorical` columns (each column's dictionary and every row's code).
  ///
  /// As ``run(names:rows:options:progress:load:)`` does for k-means: the same candidate k, the same
  /// automatic-k rule, clusters numbered by size and Ward merging into `options.groups`. The measures
  /// that need a distance use the embedding in which the squared Euclidean distance is the
  /// k-prototypes dissimilarity (``MixedMatrix/embedded(gamma:)``): the silhouette (Euclidean
  /// distance, the square root of the dissimilarity), Calinski–Harabasz and Davies–Bouldin, all
  /// three on the seeded silhouette sample, and Ward linkage of the embedded prototypes. The inertia
  /// of the k table is the k-prototypes cost, and W(1) of the drop ratios the cost of one cluster
  /// (``KPrototypes/singleClusterCost(_:gamma:)``). γ is `settings.gamma`, or kmodes' default on the
  /// prepared numeric features.
  public static func runPrototypes(
    names: [String], rows: Int, categorical: [(column: CategoricalColumn, codes: [UInt32])],
    options: SegmentationOptions, settings: KPrototypesSettings, progress: (String) -> Void = { _ in },
    load: (Int) throws -> [Double]
  ) throws -> Segmentation {
    guard rows > 0, !names.isEmpty else {
      throw SegmentationError(message: "there are no customers to segment")
    }
    guard !categorical.isEmpty else {
      throw SegmentationError(message: "k-prototypes needs at least one categorical column")
    }
    var (candidates, preprocessing, matrix, excluded, notes) = try preparedCandidates(
      names: names, rows: rows, options: options, progress: progress, load: load)
    let columns = categorical.map(\.column)
    let data = MixedMatrix(matrix, categorical: categorical.map(\.codes), levels: columns.map(\.levels))
    let gamma = settings.gamma ?? KPrototypes.defaultGamma(data)
    var fits: [KPrototypesResult] = []
    for k in candidates {
      progress("k-prototypes with k = \(k)")
      fits.append(
        KPrototypes.fit(
          data,
          options: KPrototypesOptions(
            k: k, gamma: gamma, maxIterations: options.maxIterations, restarts: options.restarts,
            seed: options.seed &+ UInt64(k))))
    }
    progress("silhouettes")
    var rng = SplitMix64(seed: options.seed).split(0x5111)
    let sample = KMeans.seededSample(count: rows, size: options.silhouetteSample, using: &rng)
    let embedded = (sample.count == rows ? data : data.rows(sample)).embedded(gamma: gamma)
    let labelings = fits.map { fit in sample.map { fit.labels[$0] } }
    let silhouettes = ClusterQuality.silhouettes(embedded, labelings: labelings)
    var table: [KQuality] = []
    for (index, fit) in fits.enumerated() {
      progress("quality of k = \(fit.k)")
      table.append(
        KQuality(
          k: fit.k, inertia: fit.cost, silhouette: silhouettes[index],
          calinskiHarabasz: ClusterQuality.calinskiHarabasz(embedded, labels: labelings[index]),
          daviesBouldin: ClusterQuality.daviesBouldin(embedded, labels: labelings[index]),
          iterations: fit.iterations, smallestCluster: fit.sizes.min() ?? 0, starts: fit.starts,
          chosenStart: fit.chosenStart))
    }
    addDropRatios(&table, totalSquares: KPrototypes.singleClusterCost(data, gamma: gamma))
    let (choice, rule) = chooseK(table, options: options, notes: &notes)
    let fit = renumbered(fits[choice])
    let (merges, clusterGroups, groupSizes) = mergedGroups(
      k: fit.k, sizes: fit.sizes, options: options, progress: progress, notes: &notes
    ) { groupCount in
      let points = KPrototypes.embeddedPrototypes(
        numeric: fit.numeric, modes: fit.modes, k: fit.k, levels: data.levels, gamma: gamma)
      let merges = WardLinkage.merges(points: points, weights: fit.sizes.map(Double.init))
      return (merges, WardLinkage.groups(merges: merges, leaves: fit.k, groups: groupCount))
    }
    let stride = matrix.stride
    var centres = [Float](repeating: 0, count: fit.k * stride)
    for j in 0..<fit.k {
      for f in 0..<matrix.columns { centres[j * stride + f] = Float(fit.numeric[j * matrix.columns + f]) }
    }
    var segmentation = Segmentation(
      preprocessing: preprocessing, k: fit.k, centres: centres, stride: stride, clusters: fit.labels,
      clusterSizes: fit.sizes, kTable: table, chosen: table[choice], kRule: rule, merges: merges,
      clusterGroups: clusterGroups, groups: fit.labels.map { Int32(clusterGroups[Int($0)]) }, groupSizes: groupSizes,
      notes: notes, excludedFeatures: excluded)
    segmentation.prototypes = KPrototypesSummary(
      gamma: gamma, gammaIsDefault: settings.gamma == nil, cost: fit.cost, columns: columns, modes: fit.modes)
    return segmentation
  }

  /// The fit with clusters renumbered by size, largest first (ties keep their order).
  static func renumbered(_ fit: KPrototypesResult) -> KPrototypesResult {
    let order = sizeOrder(fit.sizes)
    var rank = [Int32](repeating: 0, count: fit.k)
    for (position, cluster) in order.enumerated() { rank[cluster] = Int32(position) }
    let p = fit.numeric.count / max(1, fit.k)
    let m = fit.modes.count / max(1, fit.k)
    var result = fit
    result.numeric = order.flatMap { fit.numeric[$0 * p..<($0 + 1) * p] }
    result.modes = order.flatMap { fit.modes[$0 * m..<($0 + 1) * m] }
    result.labels = fit.labels.map { rank[Int($0)] }
    result.sizes = order.map { fit.sizes[$0] }
    return result
  }
}
