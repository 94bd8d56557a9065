/// Runs a segmentation: preprocessing, k-means for each k, quality measures, the choice of k and
/// the merging of clusters into groups.
public enum Segmenter {
  /// The k whose silhouette is at least this share (90 %) of the best one are the shortlist from which
  /// automatic k is chosen by the inertia's drop ratio.
  public static let silhouetteShortlist = 0.9

  /// Segments rows described by `columns` (name and one value per row; NaN is missing).
  ///
  /// Fits the preprocessing, runs k-means for each candidate k, scores every k (silhouette on a
  /// seeded sample, Calinski–Harabasz and Davies–Bouldin on all rows), picks k by
  /// ``choose(_:automatic:)``, numbers clusters by size and, when `options.groups` is smaller than
  /// k, merges the centres with Ward linkage. `progress` receives a short phrase before each step.
  ///
  /// Degenerate inputs are handled with a clear message rather than a meaningless result: a feature
  /// that holds one value for every customer after preprocessing (or no value at all) is left out
  /// with a note (``Segmentation/excludedFeatures``), and refused when none is left; k below 2 is
  /// refused (one segment has no silhouette); a fixed k above the number of distinct customers is
  /// refused, and an automatic range is cut to it with a note.
  ///
  /// - Throws: ``SegmentationError`` when there are no rows, k is out of range, or no feature varies.
  public static func run(
    _ columns: [(name: String, values: [Double])], options: SegmentationOptions, progress: (String) -> Void = { _ in }
  ) throws -> Segmentation {
    try run(
      names: columns.map(\.name), rows: columns.first?.values.count ?? 0, options: options, progress: progress
    ) { columns[$0].values }
  }

  /// Segments `rows` rows described by the features `names`, read a few features at a time.
  ///
  /// `load` returns a feature's values (one per row, NaN missing), so that the raw values of every
  /// feature are never held at once; otherwise as ``run(_:options:progress:)``. With `options.map`
  /// the clusters are the units of a self-organising map (see `Segmenter+SelfOrganizingMap.swift`).
  public static func run(
    names: [String], rows: Int, options: SegmentationOptions, progress: (String) -> Void = { _ in },
    load: (Int) throws -> [Double]
  ) throws -> Segmentation {
    guard rows > 0, !names.isEmpty else {
      throw SegmentationError(message: "there are no customers to segment")
    }
    if let map = options.map {
      return try runMap(names: names, rows: rows, options: options, map: map, progress: progress, load: load)
    }
    var (candidates, preprocessing, matrix, excluded, notes) = try preparedCandidates(
      names: names, rows: rows, options: options, progress: progress, load: load)
    var fits: [KMeansResult] = []
    let variance = options.tolerance > 0 ? KMeans.meanVariance(matrix) : nil
    for k in candidates {
      progress("k-means with k = \(k)")
      fits.append(
        KMeans.fit(
          matrix,
          options: KMeansOptions(
            k: k, maxIterations: options.maxIterations, tolerance: options.tolerance, restarts: options.restarts,
            seed: options.seed &+ UInt64(k), sampleLimit: options.sampleLimit, startSample: options.startSample,
            meanVariance: variance)))
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
          iterations: fit.iterations, smallestCluster: fit.sizes.min() ?? 0, starts: fit.starts,
          chosenStart: fit.chosenStart))
    }
    addDropRatios(&table, totalSquares: (variance ?? KMeans.meanVariance(matrix)) * Double(matrix.columns * rows))
    let (choice, rule) = chooseK(table, options: options, notes: &notes)
    let fit = renumbered(fits[choice])
    let (merges, clusterGroups, groupSizes) = mergedGroups(
      k: fit.k, sizes: fit.sizes, options: options, progress: progress, notes: &notes
    ) { groupCount in wardGroups(fit, columns: matrix.columns, stride: matrix.stride, groups: groupCount) }
    let groups = fit.labels.map { Int32(clusterGroups[Int($0)]) }
    return Segmentation(
      preprocessing: preprocessing, k: fit.k, centres: fit.centres, stride: matrix.stride, clusters: fit.labels,
      clusterSizes: fit.sizes, kTable: table, chosen: table[choice], kRule: rule, merges: merges,
      clusterGroups: clusterGroups, groups: groups, groupSizes: groupSizes, notes: notes,
      excludedFeatures: excluded)
  }

  /// What k-means and k-prototypes start from: the k values to fit (cut to the distinct rows), the
  /// fitted preprocessing and prepared matrix, the features left out and the notes on them.
  static func preparedCandidates(
    names: [String], rows: Int, options: SegmentationOptions, progress: (String) -> Void,
    load: (Int) throws -> [Double]
  ) throws -> (
    candidates: [Int], preprocessing: PreprocessingModel, matrix: FeatureMatrix, excluded: [String], notes: [String]
  ) {
    var candidates = try candidateKs(options)
    progress("preparing \(names.count) features")
    let (preprocessing, matrix, excluded) = try prepare(names: names, rows: rows, options: options, load: load)
    var notes = excluded.map {
      "feature '\($0)' holds one value for every customer after preprocessing (or none); left out"
    }
    try limitToDistinct(&candidates, matrix: matrix, options: options, notes: &notes)
    return (candidates, preprocessing, matrix, excluded, notes)
  }

  /// The k values to fit: the fixed k, or the range (with the number of groups asked for when it
  /// lies above the range).
  static func candidateKs(_ options: SegmentationOptions) throws -> [Int] {
    var candidates = options.k.map { [$0] } ?? Array(options.kRange)
    guard candidates.allSatisfy({ $0 >= 2 }) else {
      throw SegmentationError(
        message: "k = 1 puts every customer in one segment, which has no silhouette; use k = 2 or more")
    }
    if let groups = options.groups, let k = options.k, groups > k {
      throw SegmentationError(
        message: "\(groups) groups need at least \(groups) clusters, and k = \(k) was asked for; "
          + "use k = \(groups) or more, or fewer groups")
    }
    // Automatic k always allows as many clusters as the groups asked for.
    if options.k == nil, let groups = options.groups, groups > (candidates.max() ?? 0) { candidates.append(groups) }
    return candidates
  }

  /// Cuts `candidates` to the number of distinct rows of `matrix`, with a note, or refuses a fixed k
  /// above it.
  static func limitToDistinct(
    _ candidates: inout [Int], matrix: FeatureMatrix, options: SegmentationOptions, notes: inout [String]
  ) throws {
    let distinct = distinctRows(matrix, upTo: candidates.max() ?? 2)
    if distinct < (candidates.max() ?? 2) {
      guard options.k == nil, distinct >= 2, let smallest = candidates.min(), smallest <= distinct else {
        throw SegmentationError(
          message:
            "only \(distinct) customer\(distinct == 1 ? " differs" : "s differ") after preprocessing, too few for k = "
            + "\(candidates.max() ?? 2); choose a smaller k or features that vary more")
      }
      candidates = candidates.filter { $0 <= distinct }
      notes.append("only \(distinct) customers differ after preprocessing; k was tried up to \(distinct)")
    }
    if options.k == nil && candidates.count == 1 {
      notes.append("the k range holds one value, so k = \(candidates[0]) was fitted without a choice")
    }
  }

  /// The index of the chosen k in `table` and the rule, with k = groups when the rule chose fewer
  /// clusters than the groups asked for (noted).
  static func chooseK(_ table: [KQuality], options: SegmentationOptions, notes: inout [String]) -> (Int, String) {
    var (choice, rule) = choose(table, automatic: options.k == nil)
    if let groups = options.groups, table[choice].k < groups, let index = table.firstIndex(where: { $0.k == groups }) {
      notes.append(
        "the rule chose k = \(table[choice].k), fewer clusters than the \(groups) groups asked for; "
          + "k = \(groups) was used, one cluster a group")
      rule += "; k = \(groups) for the \(groups) groups asked for"
      choice = index
    }
    return (choice, rule)
  }

  /// The Ward merges and each cluster's group, numbered by size, and the groups' sizes: `ward`
  /// merges the k clusters into `options.groups` groups when fewer are asked for; otherwise each
  /// cluster is its own group (noted when more groups were asked for than clusters exist).
  static func mergedGroups(
    k: Int, sizes: [Int], options: SegmentationOptions, progress: (String) -> Void, notes: inout [String],
    ward: (Int) -> ([WardMerge], [Int])
  ) -> (merges: [WardMerge], clusterGroups: [Int], groupSizes: [Int]) {
    var merges: [WardMerge] = []
    var clusterGroups = Array(0..<k)
    if let groupCount = options.groups, groupCount < k {
      progress("merging \(k) clusters into \(groupCount) groups")
      (merges, clusterGroups) = ward(groupCount)
    } else if let groupCount = options.groups, groupCount > k {
      // Only when fewer customers differ than the groups asked for.
      notes.append("\(k) clusters cannot be merged into \(groupCount) groups; each cluster is its own group")
    }
    let numbered = numberedBySize(clusterGroups, sizes: sizes)
    return (merges, numbered.clusterGroups, numbered.groupSizes)
  }

  /// The Ward merges of `fit`'s centres (the first `columns` of each `stride`), weighted by the
  /// clusters' sizes, and each cluster's group when they are cut into `groups` groups.
  static func wardGroups(_ fit: KMeansResult, columns: Int, stride: Int, groups: Int) -> ([WardMerge], [Int]) {
    let points = (0..<fit.k).map { j in (0..<columns).map { Double(fit.centres[j * stride + $0]) } }
    let merges = WardLinkage.merges(points: points, weights: fit.sizes.map(Double.init))
    return (merges, WardLinkage.groups(merges: merges, leaves: fit.k, groups: groups))
  }

  /// Fits the preprocessing and prepares the matrix, leaving out features whose prepared values are
  /// all equal (a constant column, one winsorised flat, or one without any value).
  ///
  /// Each feature's transform depends on its own values only, so leaving one out changes no other.
  static func prepare(
    names: [String], rows: Int, options: SegmentationOptions, load: (Int) throws -> [Double]
  ) throws -> (PreprocessingModel, FeatureMatrix, excluded: [String]) {
    let fitted: (model: PreprocessingModel, matrix: FeatureMatrix, empty: [Int], constant: [Int])
    do {
      fitted = try PreprocessingModel.fitMatrix(names: names, rows: rows, options: options.preprocessing, load: load)
    } catch let error as PreprocessingError {
      throw SegmentationError(message: error.description)
    }
    // Features without any value first, as they are left out before fitting.
    let excluded = (fitted.empty + fitted.constant).map { names[$0] }
    guard fitted.matrix.columns > 0 else {
      throw SegmentationError(
        message:
          "no feature varies: \(excluded.joined(separator: ", ")) hold\(excluded.count == 1 ? "s" : "") one value for "
          + "every customer after preprocessing (or none); choose features that differ between customers")
    }
    return (fitted.model, fitted.matrix, excluded)
  }

  /// The number of distinct rows of `matrix`, counted up to `limit` (it stops there).
  static func distinctRows(_ matrix: FeatureMatrix, upTo limit: Int) -> Int {
    var seen = Set<[Float]>()
    let stride = matrix.stride
    return matrix.values.withUnsafeBufferPointer { values in
      var row = 0
      while row < matrix.rows && seen.count < limit {
        let start = row * stride
        seen.insert(Array(values[start..<start + matrix.columns]))
        row += 1
      }
      return seen.count
    }
  }

  /// Fills each row's ``KQuality/dropRatio`` from the inertias of k − 1, k and k + 1 (W(1) =
  /// `totalSquares`); a step that lowers the inertia by nothing counts as a step of 10⁻¹² of the
  /// total, so the ratio stays finite.
  static func addDropRatios(_ table: inout [KQuality], totalSquares: Double) {
    let floor = max(1e-12 * totalSquares, .leastNormalMagnitude)
    for index in table.indices {
      let k = table[index].k
      let previous = k == 1 ? nil : k == 2 ? totalSquares : table.first { $0.k == k - 1 }?.inertia
      guard let previous, let next = table.first(where: { $0.k == k + 1 })?.inertia else { continue }
      table[index].dropRatio = (previous - table[index].inertia) / max(table[index].inertia - next, floor)
    }
  }

  /// The index of the chosen k and the rule applied.
  ///
  /// The silhouette shortlists: every k whose silhouette is at least ``silhouetteShortlist`` of the
  /// highest. Among them the largest inertia drop ratio wins (ties to the smaller k): the
  /// silhouette weighs every customer alike, so merging a small group into a neighbour costs it
  /// little, while the inertia still falls steeply up to the number of real groups and flattens
  /// after it. A shortlisted k without a drop ratio (the largest k tried) wins only when no other has
  /// one.
  static func choose(_ table: [KQuality], automatic: Bool, name: String = "k") -> (Int, String) {
    guard automatic, table.count > 1 else { return (0, "k given") }
    let best = table.map(\.silhouette).max() ?? 0
    let shortlist = table.indices.filter { table[$0].silhouette >= best * silhouetteShortlist }
    let ranked = shortlist.filter { table[$0].dropRatio != nil }
    guard let index = ranked.max(by: { (table[$0].dropRatio ?? 0) < (table[$1].dropRatio ?? 0) }) else {
      let index = shortlist.first { table[$0].silhouette == best } ?? 0
      return (index, "highest silhouette (\(PreprocessingModel.format(best)))")
    }
    let listed = shortlist.map { String(table[$0].k) }.joined(separator: ", ")
    return (
      index,
      "largest inertia drop ratio (\(PreprocessingModel.format(table[index].dropRatio ?? 0))) among \(name) = \(listed), "
        + "whose silhouettes are within \(Int(((1 - silhouetteShortlist) * 100).rounded())) % of the highest "
        + "(\(PreprocessingModel.format(best)))"
    )
  }

  /// Groups renumbered by size, largest first (ties keep their order): each cluster's new group and
  /// the groups' sizes, from each cluster's group and size.
  static func numberedBySize(_ clusterGroups: [Int], sizes: [Int]) -> (clusterGroups: [Int], groupSizes: [Int]) {
    var groupSizes = [Int](repeating: 0, count: (clusterGroups.max() ?? 0) + 1)
    for (cluster, group) in clusterGroups.enumerated() { groupSizes[group] += sizes[cluster] }
    let order = sizeOrder(groupSizes)
    var rank = [Int](repeating: 0, count: order.count)
    for (position, group) in order.enumerated() { rank[group] = position }
    return (clusterGroups.map { rank[$0] }, order.map { groupSizes[$0] })
  }

  /// The fit with clusters renumbered by size, largest first (ties keep their order).
  static func renumbered(_ fit: KMeansResult) -> KMeansResult {
    let order = sizeOrder(fit.sizes)
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

  /// The indices of `sizes` from the largest size to the smallest (ties keep their order).
  static func sizeOrder(_ sizes: [Int]) -> [Int] {
    sizes.indices.sorted { sizes[$0] > sizes[$1] || (sizes[$0] == sizes[$1] && $0 < $1) }
  }
}
