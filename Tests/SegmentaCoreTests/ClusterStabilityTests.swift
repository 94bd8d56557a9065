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
      matrix, reference: fixture.reference, segments: fixture.k, kMeans: KMeansOptions(k: fixture.k, restarts: 10),
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
        matrix, reference: fixture.reference, segments: 3, kMeans: KMeansOptions(k: fixture.k), resamples: 5,
        seeds: 2, seed: 7)
    }
    let first = run()
    let second = run()
    #expect(first.perResample.description == second.perResample.description)
    #expect(first.seedAgreement == second.seedAgreement)
    #expect(first.jaccard.count == 3)
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
