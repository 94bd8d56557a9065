// Segmentation with a self-organising map: the units are the clusters, merged into groups by Ward
// linkage.
extension Segmenter {
  /// Segments with a self-organising map: trains the map on the prepared features, merges the units
  /// that hold customers by Ward linkage (each weighted by its hits) and puts every unit without
  /// customers in the group of its nearest unit with customers, so that a new customer's nearest
  /// unit always has a group.
  ///
  /// Units keep their grid order (they are not renumbered by size: their positions are the map).
  /// With `options.groups` the tree is cut there; without, every number of groups in
  /// `options.kRange` is scored like k for k-means (silhouette on the seeded sample, the inertia of
  /// the groups and its drop ratio, Calinski–Harabasz, Davies–Bouldin) and chosen by
  /// ``choose(_:automatic:name:)``. Groups are numbered by size, largest first.
  static func runMap(
    names: [String], rows: Int, options: SegmentationOptions, map: SelfOrganizingMapOptions,
    progress: (String) -> Void, load: (Int) throws -> [Double]
  ) throws -> Segmentation {
    progress("preparing \(names.count) features")
    let (preprocessing, matrix, excluded) = try prepare(names: names, rows: rows, options: options, load: load)
    var notes = excluded.map {
      "feature '\($0)' holds one value for every customer after preprocessing (or none); left out"
    }
    guard distinctRows(matrix, upTo: 2) >= 2 else {
      throw SegmentationError(
        message: "every customer is alike after preprocessing, so a map has nothing to order; "
          + "choose features that vary more")
    }
    progress("self-organising map of \(map.rows) × \(map.columns) units")
    let fit = SelfOrganizingMap.fit(matrix, options: map, seed: options.seed)
    let units = map.units
    let stride = matrix.stride
    let tree = mapTree(fit, features: matrix.columns)
    let used = tree.used
    guard used.count >= 2 else {
      throw SegmentationError(
        message: "the map put every customer on one unit, so there is nothing to merge into groups; "
          + "choose features that vary more")
    }
    progress("merging \(used.count) units")

    var candidates = options.groups.map { [$0] } ?? Array(options.kRange)
    if let groups = options.groups, groups > used.count {
      notes.append(
        "\(used.count) units hold customers, too few for \(groups) groups; each such unit is its own group")
      candidates = [used.count]
    } else if options.groups == nil {
      candidates = candidates.filter { $0 <= used.count }
      if candidates.isEmpty { candidates = [used.count] }
      if candidates.count < options.kRange.count {
        notes.append("only \(used.count) units hold customers; groups were tried up to \(used.count)")
      }
    }
    let unitGroupings = candidates.map(tree.unitGroups)

    progress("silhouettes")
    var rng = SplitMix64(seed: options.seed).split(0x5111)
    let sample = KMeans.seededSample(count: rows, size: options.silhouetteSample, using: &rng)
    let sampleMatrix = sample.count == rows ? matrix : matrix.rows(sample)
    let silhouettes = ClusterQuality.silhouettes(
      sampleMatrix,
      labelings: unitGroupings.map { unitGroups in sample.map { Int32(unitGroups[Int(fit.labels[$0])]) } })
    var table: [KQuality] = []
    for (index, unitGroups) in unitGroupings.enumerated() {
      progress("quality of \(candidates[index]) groups")
      let labels = fit.labels.map { Int32(unitGroups[Int($0)]) }
      let (inertia, sizes) = groupInertia(fit, unitGroups: unitGroups, groups: candidates[index])
      table.append(
        KQuality(
          k: candidates[index], inertia: inertia, silhouette: silhouettes[index],
          calinskiHarabasz: ClusterQuality.calinskiHarabasz(matrix, labels: labels),
          daviesBouldin: ClusterQuality.daviesBouldin(matrix, labels: labels),
          iterations: map.epochs + map.fineTuningEpochs, smallestCluster: sizes.min() ?? 0))
    }
    var total = [Double](repeating: 0, count: stride)
    for unit in 0..<units {
      for f in 0..<stride { total[f] += fit.unitSums[unit * stride + f] }
    }
    let totalSquares = fit.squaredNorms - total.reduce(0) { $0 + $1 * $1 } / Double(rows)
    addDropRatios(&table, totalSquares: max(0, totalSquares))
    let (choice, chosenRule) = choose(table, automatic: options.groups == nil, name: "groups")
    let rule =
      options.groups != nil
      ? "\(table[choice].k) groups asked for" : table.count == 1 ? "the only number of groups tried" : chosenRule
    let numbered = numberedBySize(unitGroupings[choice], sizes: fit.hits)
    let groups = fit.labels.map { Int32(numbered.clusterGroups[Int($0)]) }
    return Segmentation(
      preprocessing: preprocessing, k: units, centres: fit.weights, stride: stride, clusters: fit.labels,
      clusterSizes: fit.hits, kTable: table, chosen: table[choice], kRule: rule, merges: tree.merges,
      clusterGroups: numbered.clusterGroups, groups: groups, groupSizes: numbered.groupSizes, notes: notes,
      excludedFeatures: excluded,
      map: SelfOrganizingMapSummary(
        rows: map.rows, columns: map.columns, quantizationError: fit.quantizationError,
        topographicError: fit.topographicError))
  }

  /// The Ward tree of a trained map: the units that hold rows, merged by Ward linkage each weighted by its
  /// hits, and every unit's leaf in it (its own, or its nearest unit's with rows).
  struct MapTree {
    /// The units that hold rows, in grid order (the tree's leaves).
    var used: [Int]
    /// The Ward merges of the used units.
    var merges: [WardMerge]
    /// For every unit, its leaf: its position among ``used``, or the nearest used unit's.
    var leafOfUnit: [Int]

    /// Every unit's group when the tree is cut into `count` groups (1 ≤ count ≤ the used units).
    func unitGroups(_ count: Int) -> [Int] {
      let leafGroups = WardLinkage.groups(merges: merges, leaves: used.count, groups: count)
      return leafOfUnit.map { leafGroups[$0] }
    }
  }

  /// The Ward tree of the units of `fit` (weights of `features` columns) that hold rows.
  static func mapTree(_ fit: SelfOrganizingMapResult, features: Int) -> MapTree {
    let stride = fit.stride
    let used = fit.hits.indices.filter { fit.hits[$0] > 0 }
    let points = used.flatMap { unit in (0..<features).map { Double(fit.weights[unit * stride + $0]) } }
    let merges = WardLinkage.chainMerges(
      points: points, dimensions: features, weights: used.map { Double(fit.hits[$0]) })
    return MapTree(used: used, merges: merges, leafOfUnit: nearestUsedUnit(fit, used: used, features: features))
  }

  /// For every unit, its position among the `used` units (those with hits): its own for a used unit,
  /// else the nearest used unit's (Euclidean distance of the weights, the lowest among equals).
  static func nearestUsedUnit(_ fit: SelfOrganizingMapResult, used: [Int], features: Int) -> [Int] {
    let stride = fit.stride
    var position = [Int](repeating: -1, count: fit.hits.count)
    for (index, unit) in used.enumerated() { position[unit] = index }
    return position.indices.map { unit in
      if position[unit] >= 0 { return position[unit] }
      var nearest = 0
      var nearestDistance = Double.infinity
      for (index, other) in used.enumerated() {
        var squared = 0.0
        for f in 0..<features {
          let d = Double(fit.weights[unit * stride + f]) - Double(fit.weights[other * stride + f])
          squared += d * d
        }
        if squared < nearestDistance {
          nearest = index
          nearestDistance = squared
        }
      }
      return nearest
    }
  }

  /// The within-group sum of squares Σ‖x − mean of its group‖² = Σ‖x‖² − Σ_g ‖S_g‖² / n_g, from the
  /// units' row sums, and the groups' sizes.
  static func groupInertia(_ fit: SelfOrganizingMapResult, unitGroups: [Int], groups: Int) -> (
    inertia: Double, sizes: [Int]
  ) {
    let stride = fit.stride
    var sums = [Double](repeating: 0, count: groups * stride)
    var sizes = [Int](repeating: 0, count: groups)
    for (unit, group) in unitGroups.enumerated() {
      sizes[group] += fit.hits[unit]
      for f in 0..<stride { sums[group * stride + f] += fit.unitSums[unit * stride + f] }
    }
    var between = 0.0
    for group in 0..<groups where sizes[group] > 0 {
      var squared = 0.0
      for f in 0..<stride { squared += sums[group * stride + f] * sums[group * stride + f] }
      between += squared / Double(sizes[group])
    }
    return (max(0, fit.squaredNorms - between), sizes)
  }
}
