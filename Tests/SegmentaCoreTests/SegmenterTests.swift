import Testing

@testable import SegmentaCore

@Suite("Segmenter")
struct SegmenterTests {
  /// A row of the automatic-k table with only k and the silhouette set.
  private func quality(_ k: Int, _ silhouette: Double) -> KQuality {
    KQuality(
      k: k, inertia: 0, silhouette: silhouette, calinskiHarabasz: 0, daviesBouldin: 0, iterations: 1,
      smallestCluster: 1)
  }

  @Test("automatic k: the highest silhouette wins and ties within 0.005 go to fewer clusters")
  func chooseK() {
    #expect(Segmenter.choose([quality(2, 0.30), quality(3, 0.41), quality(4, 0.35)], automatic: true).0 == 1)
    #expect(Segmenter.choose([quality(2, 0.30), quality(3, 0.406), quality(4, 0.41)], automatic: true).0 == 1)
    #expect(Segmenter.choose([quality(2, 0.30), quality(3, 0.40), quality(4, 0.41)], automatic: true).0 == 2)
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

  @Test("no rows, or a fixed k larger than the rows, are refused with a message")
  func refusals() {
    #expect(throws: SegmentationError(message: "there are no customers to segment")) {
      try Segmenter.run([], options: SegmentationOptions())
    }
    #expect(throws: SegmentationError(message: "k must be between 1 and the number of customers (3)")) {
      try Segmenter.run([("a", [1, 2, 3])], options: SegmentationOptions(k: 4))
    }
  }
}
