import Testing

@testable import SegmentaCore

@Suite("Segmenter")
struct SegmenterTests {
  /// A row of the automatic-k table with k, the silhouette and the inertia set.
  private func quality(_ k: Int, _ silhouette: Double, inertia: Double = 0) -> KQuality {
    KQuality(
      k: k, inertia: inertia, silhouette: silhouette, calinskiHarabasz: 0, daviesBouldin: 0, iterations: 1,
      smallestCluster: 1)
  }

  @Test("automatic k: among the k within 10 % of the best silhouette, the largest inertia drop ratio wins")
  func chooseK() {
    // Total sum of squares 1,000: drops 400, 300, 200, 20, 10 → ratios 1.33, 1.5, 10, 2, –.
    var table = [
      quality(2, 0.20, inertia: 600), quality(3, 0.24, inertia: 300), quality(4, 0.25, inertia: 100),
      quality(5, 0.26, inertia: 80), quality(6, 0.10, inertia: 70),
    ]
    Segmenter.addDropRatios(&table, totalSquares: 1000)
    let ratios: [Double?] = [400.0 / 300, 300.0 / 200, 200.0 / 20, 20.0 / 10, nil]
    #expect(table.map(\.dropRatio) == ratios)
    let (index, rule) = Segmenter.choose(table, automatic: true)
    #expect(table[index].k == 4)
    #expect(
      rule
        == "largest inertia drop ratio (10) among k = 3, 4, 5, whose silhouettes are within 10 % of the highest (0.26)")
    // k = 4 leaves the shortlist when its silhouette falls below 90 % of the best: k = 5 wins.
    table[2].silhouette = 0.23
    #expect(table[Segmenter.choose(table, automatic: true).0].k == 5)
    // Only the largest k is shortlisted: it has no drop ratio, the silhouette decides.
    table[4].silhouette = 0.5
    #expect(table[Segmenter.choose(table, automatic: true).0].k == 6)
    #expect(Segmenter.choose(table, automatic: false).0 == 0)
  }

  @Test("the segmenter merges clusters into groups, numbered by size, and segments deterministically")
  func segmenter() throws {
    let (matrix, truth) = blobs(6, per: 200, seed: 5)
    let columns = (0..<5).map { c in (name: "f\(c)", values: (0..<matrix.rows).map { Double(matrix[$0, c]) }) }
    var options = SegmentationOptions(kRange: 2...8, groups: 3, seed: 1)
    options.preprocessing = PreprocessingOptions(winsorize: nil, log: .off)
    let result = try Segmenter.run(columns, options: options)
    #expect(result.k == 6)
    #expect(ClusterQuality.adjustedRandIndex(truth, result.clusters) == 1)
    #expect(result.groupCount == 3)
    #expect(result.groupSizes == result.groupSizes.sorted(by: >))
    #expect(result.clusterSizes == result.clusterSizes.sorted(by: >))
    #expect(result.groups.enumerated().allSatisfy { Int($1) == result.clusterGroups[Int(result.clusters[$0])] })
    #expect(try Segmenter.run(columns, options: options) == result)
  }

  @Test("no rows, k = 1, or a fixed k larger than the distinct customers are refused with a message")
  func refusals() {
    #expect(throws: SegmentationError(message: "there are no customers to segment")) {
      try Segmenter.run([], options: SegmentationOptions())
    }
    #expect(
      throws: SegmentationError(
        message:
          "only 3 customers differ after preprocessing, too few for k = 4; choose a smaller k or features that vary more"
      )
    ) {
      try Segmenter.run([("a", [1, 2, 3])], options: SegmentationOptions(k: 4))
    }
    // Ten customers, but only two distinct after preprocessing.
    let twoValues = (0..<10).map { Double($0 % 2) }
    #expect(
      throws: SegmentationError(
        message:
          "only 2 customers differ after preprocessing, too few for k = 3; choose a smaller k or features that vary more"
      )
    ) {
      try Segmenter.run([("a", twoValues)], options: SegmentationOptions(k: 3))
    }
    #expect(
      throws: SegmentationError(
        message: "k = 1 puts every customer in one segment, which has no silhouette; use k = 2 or more")
    ) {
      try Segmenter.run([("a", [1, 2, 3])], options: SegmentationOptions(k: 1))
    }
  }

  @Test("features with one value for everyone, or none, are left out with a note; none varying is refused")
  func flatFeatures() throws {
    let varying = (0..<40).map { Double($0 % 4) * 10 + Double($0) * 0.01 }
    let constant = [Double](repeating: 7, count: 40)
    let empty = [Double](repeating: .nan, count: 40)
    var options = SegmentationOptions(k: 2)
    options.preprocessing.winsorize = nil
    let result = try Segmenter.run([("v", varying), ("c", constant), ("e", empty)], options: options)
    #expect(Set(result.excludedFeatures) == ["c", "e"])
    #expect(result.preprocessing.transforms.map(\.name) == ["v"])
    #expect(
      result.notes.contains("feature 'c' holds one value for every customer after preprocessing (or none); left out"))
    #expect(result.chosen.silhouette.isFinite)
    #expect(throws: SegmentationError.self) {
      try Segmenter.run([("c", constant), ("e", empty)], options: options)
    }
  }

  @Test("an automatic range beyond the distinct customers is cut, with a note; a range of one k says so")
  func degenerateRanges() throws {
    let threeValues = (0..<30).map { Double($0 % 3) }
    var options = SegmentationOptions()
    options.kRange = 2...6
    options.preprocessing.winsorize = nil
    let cut = try Segmenter.run([("a", threeValues)], options: options)
    #expect(cut.kTable.map(\.k) == [2, 3])
    #expect(cut.notes.contains("only 3 customers differ after preprocessing; k was tried up to 3"))
    options.kRange = 3...3
    let single = try Segmenter.run([("a", threeValues)], options: options)
    #expect(single.k == 3 && single.notes.contains("the k range holds one value, so k = 3 was fitted without a choice"))
  }
}
