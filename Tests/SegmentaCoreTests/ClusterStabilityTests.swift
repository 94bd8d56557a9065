import Foundation
import Testing

@testable import SegmentaCore

@Suite("Cluster-wise Jaccard stability equals fpc::clusterboot's definition")
struct ClusterStabilityTests {
  struct Reference: Decodable {
    var k: Int
    var data: [[Double]]
    var reference: [Int32]
    var resamples: [[Int]]
    var labels: [[Int32]]
    var jaccard: [[Double?]]
    var mean: [Double]
  }

  static func reference() throws -> Reference {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/stability/stability_reference.json")
    return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
  }

  @Test("given scikit-learn's resample clusterings, every Jaccard and mean equals the reference script's")
  func jaccardEqualsReference() throws {
    let fixture = try Self.reference()
    var perResample: [[Double]] = []
    for (positions, labels) in zip(fixture.resamples, fixture.labels) {
      perResample.append(
        ClusterStability.jaccard(
          reference: fixture.reference, segments: fixture.k, positions: positions, labels: labels))
    }
    for (ours, theirs) in zip(perResample, fixture.jaccard) {
      for (a, b) in zip(ours, theirs) {
        if let b { #expect(abs(a - b) < 1e-12) } else { #expect(a.isNaN) }
      }
    }
    let means = ClusterStability.mean(perResample, segments: fixture.k)
    for (a, b) in zip(means, fixture.mean) { #expect(abs(a - b) < 1e-12) }
  }

  @Test("our own resample clusterings rate the split group unstable and the others stable, as the reference does")
  func assessmentAgreesWithReference() throws {
    let fixture = try Self.reference()
    let columns = (0..<2).map { f in fixture.data.map { Float($0[f]) } }
    let matrix = PreprocessingModel.matrix(prepared: columns)
    let assessment = ClusterStability.assess(
      matrix, reference: fixture.reference, segments: fixture.k,
      refit: .kMeans(KMeansOptions(k: fixture.k, restarts: 10)),
      resamples: 20, seeds: 3, seed: 42)
    // Different k-means implementations and resamples: the means agree within 0.1 and the readings
    // (stable or not) agree.
    for (ours, theirs) in zip(assessment.jaccard, fixture.mean) {
      #expect(abs(ours - theirs) < 0.1, "\(ours) against \(theirs)")
      #expect((ours >= ClusterStability.stable) == (theirs >= ClusterStability.stable) || abs(theirs - 0.75) < 0.05)
    }
    #expect(assessment.seedAgreement.count == 3)
    #expect(assessment.seedAgreement.allSatisfy { $0 > 0.5 && $0 <= 1 })
  }

  @Test("the same seed gives the same assessment")
  func deterministic() throws {
    let fixture = try Self.reference()
    let matrix = PreprocessingModel.matrix(prepared: (0..<2).map { f in fixture.data.map { Float($0[f]) } })
    let run = {
      ClusterStability.assess(
        matrix, reference: fixture.reference, segments: 3, refit: .kMeans(KMeansOptions(k: fixture.k)), resamples: 5,
        seeds: 2, seed: 7)
    }
    let first = run()
    let second = run()
    #expect(first.perResample.description == second.perResample.description)
    #expect(first.seedAgreement == second.seedAgreement)
    #expect(first.jaccard.count == 3)
  }

  /// `rows` rows of `dimensions` columns: standard normal noise, plus 8 in column `row % groups` when
  /// `groups` is given (well-separated planted groups).
  static func planted(rows: Int, dimensions: Int, groups: Int?, seed: UInt64) -> FeatureMatrix {
    var rng = SplitMix64(seed: seed)
    var columns = [[Float]](repeating: [], count: dimensions)
    for row in 0..<rows {
      for f in 0..<dimensions {
        let shift = groups.map { row % $0 == f ? 8.0 : 0 } ?? 0
        columns[f].append(Float(shift + rng.nextNormal()))
      }
    }
    return PreprocessingModel.matrix(prepared: columns)
  }

  @Test("a map refitted on each resample: planted well-separated groups are stable, noise is not")
  func mapRefit() {
    let refit = ClusterStability.Refit.map(SelfOrganizingMapOptions(rows: 5, columns: 5))
    let groups = Self.planted(rows: 900, dimensions: 3, groups: 3, seed: 11)
    let reference = ClusterStability.segmentLabels(groups, refit: refit, seed: 42, segments: 3)
    let truth = (0..<900).map { Int32($0 % 3) }
    #expect(ClusterQuality.adjustedRandIndex(truth, reference) > 0.99)
    let stable = ClusterStability.assess(
      groups, reference: reference, segments: 3, refit: refit, resamples: 6, seeds: 2, seed: 5)
    #expect(stable.jaccard.allSatisfy { $0 >= 0.95 }, "\(stable.jaccard)")
    #expect(stable.ratings.allSatisfy { $0 == .highlyStable } && stable.dissolvedIn == [0, 0, 0])
    #expect(stable.seedAgreement.count == 2 && stable.seedAgreement.allSatisfy { $0 > 0.95 })

    let noise = Self.planted(rows: 900, dimensions: 6, groups: nil, seed: 12)
    let noiseReference = ClusterStability.segmentLabels(noise, refit: refit, seed: 42, segments: 5)
    let unstable = ClusterStability.assess(
      noise, reference: noiseReference, segments: 5, refit: refit, resamples: 6, seeds: 2, seed: 5)
    #expect(unstable.jaccard.contains { $0 < ClusterStability.stable }, "\(unstable.jaccard)")
    #expect(unstable.seedAgreement.allSatisfy { $0 < 0.9 }, "\(unstable.seedAgreement)")
  }

  @Test("a map's assessment is the same for the same seed")
  func mapDeterministic() {
    let refit = ClusterStability.Refit.map(SelfOrganizingMapOptions(rows: 4, columns: 4))
    let matrix = Self.planted(rows: 300, dimensions: 3, groups: 3, seed: 3)
    let reference = ClusterStability.segmentLabels(matrix, refit: refit, seed: 1, segments: 3)
    let run = {
      ClusterStability.assess(matrix, reference: reference, segments: 3, refit: refit, resamples: 3, seeds: 1, seed: 7)
    }
    let first = run()
    #expect(first.perResample.description == run().perResample.description)
    #expect(first.seedAgreement == run().seedAgreement)
  }

  @Test("Hennig's readings: ≤ 0.5 dissolved, ≥ 0.75 stable, ≥ 0.85 highly stable")
  func ratings() {
    #expect(ClusterStability.Rating(jaccard: 0.5) == .dissolved)
    #expect(ClusterStability.Rating(jaccard: .nan) == .dissolved)
    #expect(ClusterStability.Rating(jaccard: 0.6) == .unclear)
    #expect(ClusterStability.Rating(jaccard: 0.75) == .stable)
    #expect(ClusterStability.Rating(jaccard: 0.85) == .highlyStable)
  }
}
