import Dispatch
import Testing

@testable import SegmentaCore

/// A planted customer table of lognormal groups of unequal size (`shares`).
///
/// Over `columns` usage columns, each group is higher by `shift` (in log space) on three columns of its
/// own. Returns the columns as the segmenter takes them and each row's group.
func plantedTable(
  rows: Int, columns: Int = 32, shares: [Double] = [0.20, 0.16, 0.13, 0.11, 0.10, 0.09, 0.08, 0.06, 0.045, 0.025],
  shift: Double = 1.7, sigma: Double = 0.6, seed: UInt64 = 12
) -> (columns: [(name: String, values: [Double])], truth: [Int]) {
  var rng = SplitMix64(seed: seed)
  let base = (0..<columns).map { _ in 1 + 3 * rng.nextUnit() }
  var means = [[Double]](repeating: base, count: shares.count)
  for group in shares.indices {
    for offset in 0..<3 { means[group][(3 * group + offset) % columns] += shift * (0.8 + 0.4 * rng.nextUnit()) }
  }
  let truth = (0..<rows).map { _ in rng.nextIndex(weights: shares) }
  let values = (0..<columns).map { column in
    truth.map { group in (rng.nextLogNormal(mu: means[group][column], sigma: sigma) * 1000).rounded() / 1000 }
  }
  return (values.enumerated().map { (name: "f\($0.offset)", values: $0.element) }, truth)
}

@Suite("Planted groups: automatic k finds them, --groups is honoured, starts are deterministic")
struct PlantedGroupsTests {
  @Test(
    "automatic k chooses the 10 planted groups (down to 2.5 %) on all rows and through sampled starts",
    arguments: [nil, 2_000])
  func recovers(startSample: Int?) throws {
    let (columns, truth) = plantedTable(rows: 6_000, columns: 30)
    var options = SegmentationOptions(kRange: 7...12, seed: 7)
    options.silhouetteSample = 3_000
    options.startSample = startSample
    let result = try Segmenter.run(columns, options: options)
    #expect(result.k == 10, "k table: \(result.kTable.map { ($0.k, $0.silhouette, $0.dropRatio ?? 0) })")
    #expect(ClusterQuality.adjustedRandIndex(truth, result.clusters) >= 0.95)
    #expect(result.kRule.hasPrefix("largest inertia drop ratio"))
    let chosen = try #require(result.kTable.first { $0.k == 10 })
    #expect(chosen.starts?.count == options.restarts && chosen.chosenStart != nil)
    #expect(chosen.starts?.min() == chosen.starts?[chosen.chosenStart ?? 0])
  }

  @Test("--groups above the chosen k fits k = groups; a fixed k below the groups is refused")
  func groupsHonoured() throws {
    let (columns, truth) = plantedTable(rows: 4_000, shares: [0.5, 0.3, 0.2])
    var options = SegmentationOptions(kRange: 2...5, groups: 6, seed: 3)
    options.silhouetteSample = 2_000
    let result = try Segmenter.run(columns, options: options)
    #expect(result.k == 6 && result.groupCount == 6)
    #expect(result.kTable.map(\.k) == [2, 3, 4, 5, 6])
    #expect(result.notes.contains { $0.hasPrefix("the rule chose k = 3, fewer clusters than the 6 groups asked for") })
    #expect(result.kRule.hasSuffix("; k = 6 for the 6 groups asked for"))
    // Each of the six clusters lies within one planted group.
    for cluster in 0..<6 {
      let members = truth.indices.filter { result.clusters[$0] == cluster }.map { truth[$0] }
      let largest = Set(members).map { group in members.filter { $0 == group }.count }.max() ?? 0
      #expect(Double(largest) >= 0.95 * Double(members.count))
    }
    options.k = 4
    #expect(
      throws: SegmentationError(
        message: "6 groups need at least 6 clusters, and k = 4 was asked for; use k = 6 or more, or fewer groups")
    ) { try Segmenter.run(columns, options: options) }
  }

  @Test("sampled starts give the same fit for a seed however the work lands on threads")
  func deterministic() throws {
    let (columns, _) = plantedTable(rows: 12_000, columns: 30)
    let prepared = try PreprocessingModel.fitPrepared(columns, options: PreprocessingOptions())
    let matrix = PreprocessingModel.matrix(prepared: prepared.prepared)
    let options = KMeansOptions(k: 10, restarts: 6, seed: 99, startSample: 3_000)
    let alone = KMeans.fit(matrix, options: options)
    #expect(alone.startRows == 3_000 && alone.starts.count == 6)
    // Four fits at once: their chunks and starts interleave on the threads differently.
    let slots = ResultSlots<KMeansResult>(count: 4)
    DispatchQueue.concurrentPerform(iterations: 4) { slots.set($0, KMeans.fit(matrix, options: options)) }
    for result in slots.values() { #expect(result == alone) }
    var other = options
    other.seed = 100
    #expect(KMeans.fit(matrix, options: other).starts != alone.starts)
  }

  @Test("above 16 start samples the best start converges on a larger sample first: same groups, deterministic")
  func intermediateRefinement() throws {
    let (columns, truth) = plantedTable(rows: 12_000, columns: 30)
    let prepared = try PreprocessingModel.fitPrepared(columns, options: PreprocessingOptions())
    let matrix = PreprocessingModel.matrix(prepared: prepared.prepared)
    // 12,000 rows > 2 × 8 × 500: the starts run on 500 rows, the best converges on 4,000, then on all.
    let options = KMeansOptions(k: 10, restarts: 6, seed: 99, startSample: 500)
    let fit = KMeans.fit(matrix, options: options)
    #expect(fit.startRows == 500 && fit.converged)
    #expect(ClusterQuality.adjustedRandIndex(truth, fit.labels) >= 0.95)
    // Refined straight from the same best start, the inertia is no lower than 0.1 % below.
    let direct = KMeans.lloyd(
      matrix, centres: KMeans.initialCentres(matrix, options: options), k: 10,
      options: KMeans.withMeanVariance(options, of: matrix))
    #expect(fit.inertia <= direct.inertia * 1.001)
    let slots = ResultSlots<KMeansResult>(count: 3)
    DispatchQueue.concurrentPerform(iterations: 3) { slots.set($0, KMeans.fit(matrix, options: options)) }
    for result in slots.values() { #expect(result == fit) }
  }
}
