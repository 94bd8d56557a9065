import Foundation
import Testing

@testable import SegmentaCore

struct ClusteringFixture: Decodable {
  struct Lloyd: Decodable {
    var name: String
    var rows: Int
    var columns: Int
    var data: [Double]
    var k: Int
    var initial: [Double]
    var labels: [Int32]
    var inertia: Double
    var iterations: Int
    var centres: [Double]
  }
  struct Quality: Decodable {
    var data: String
    var labeling: String
    var labels: [Int32]
    var silhouette: Double
    var calinskiHarabasz: Double
    var daviesBouldin: Double
  }
  struct ARI: Decodable {
    var name: String
    var truth: [Int]
    var predicted: [Int]
    var ari: Double
  }
  struct Ward: Decodable {
    var centres: [[Double]]
    var weights: [Double]
    var heights: [Double]
    var partitions: [String: [Int]]
  }
  var generator: String
  var lloyd: [Lloyd]
  var quality: [Quality]
  var ari: [ARI]
  var ward: [Ward]

  static let shared: ClusteringFixture = {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    do {
      return try decoder.decode(ClusteringFixture.self, from: fixtureData("clustering/clustering_reference.json"))
    } catch {
      fatalError("cannot read the clustering fixture: \(error)")
    }
  }()
}

private func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(1e-300, abs(b)) }

private func matrix(_ rows: Int, _ columns: Int, _ data: [Double]) -> FeatureMatrix {
  FeatureMatrix(rows: rows, columns: columns, unpadded: data.map(Float.init))
}

/// Whether two labelings define the same partition.
private func samePartition<A: Hashable, B: Hashable>(_ a: [A], _ b: [B]) -> Bool {
  var forward: [A: B] = [:]
  var backward: [B: A] = [:]
  for (x, y) in zip(a, b) {
    if let mapped = forward[x], mapped != y { return false }
    if let mapped = backward[y], mapped != x { return false }
    forward[x] = y
    backward[y] = x
  }
  return true
}

@Suite("Clustering against scikit-learn and scipy")
struct ClusteringReferenceTests {
  let fixture = ClusteringFixture.shared

  @Test("Lloyd from the same initial centres gives scikit-learn's labels, centres and inertia (1e-5)")
  func lloyd() {
    for case_ in fixture.lloyd {
      let data = matrix(case_.rows, case_.columns, case_.data)
      let initial = FeatureMatrix(rows: case_.k, columns: case_.columns, unpadded: case_.initial.map(Float.init))
      let result = KMeans.lloyd(data, centres: initial.values, k: case_.k, options: KMeansOptions(k: case_.k))
      #expect(result.labels == case_.labels, "\(case_.name)")
      #expect(relative(result.inertia, case_.inertia) < 1e-5, "\(case_.name): \(result.inertia) vs \(case_.inertia)")
      #expect(result.iterations == case_.iterations, "\(case_.name)")
      for j in 0..<case_.k {
        for f in 0..<case_.columns {
          let ours = Double(result.centres[j * data.stride + f])
          let theirs = case_.centres[j * case_.columns + f]
          #expect(abs(ours - theirs) <= 1e-5 * max(1, abs(theirs)), "\(case_.name) centre \(j)")
        }
      }
    }
  }

  @Test("silhouette, Calinski–Harabasz and Davies–Bouldin equal scikit-learn's within 1e-6 relative")
  func quality() {
    for case_ in fixture.quality {
      let source = fixture.lloyd.first { $0.name == case_.data }!
      let data = matrix(source.rows, source.columns, source.data)
      let silhouette = ClusterQuality.silhouettes(data, labelings: [case_.labels])[0]
      #expect(relative(silhouette, case_.silhouette) < 1e-6, "\(case_.data)/\(case_.labeling): \(silhouette)")
      let ch = ClusterQuality.calinskiHarabasz(data, labels: case_.labels)
      #expect(relative(ch, case_.calinskiHarabasz) < 1e-6, "\(case_.data)/\(case_.labeling): \(ch)")
      let db = ClusterQuality.daviesBouldin(data, labels: case_.labels)
      #expect(relative(db, case_.daviesBouldin) < 1e-6, "\(case_.data)/\(case_.labeling): \(db)")
    }
  }

  @Test("silhouettes of several labelings at once equal their separate values")
  func silhouetteBatch() {
    let cases = fixture.quality.filter { $0.data == "blobs" }
    let source = fixture.lloyd[0]
    let data = matrix(source.rows, source.columns, source.data)
    let together = ClusterQuality.silhouettes(data, labelings: cases.map(\.labels))
    for (value, case_) in zip(together, cases) { #expect(relative(value, case_.silhouette) < 1e-6) }
  }

  @Test("adjusted Rand index equals adjusted_rand_score")
  func adjustedRand() {
    for case_ in fixture.ari {
      let value = ClusterQuality.adjustedRandIndex(case_.truth, case_.predicted)
      #expect(abs(value - case_.ari) < 1e-12, "\(case_.name): \(value) vs \(case_.ari)")
    }
  }

  @Test("Ward merging of weighted centres equals scipy's linkage on the repeated centres")
  func ward() {
    for case_ in fixture.ward {
      let merges = WardLinkage.merges(points: case_.centres, weights: case_.weights)
      #expect(merges.count == case_.centres.count - 1)
      for (ours, theirs) in zip(merges.map(\.height), case_.heights) {
        #expect(relative(ours, theirs) < 1e-9, "\(ours) vs \(theirs)")
      }
      for (groups, partition) in case_.partitions {
        let ours = WardLinkage.groups(merges: merges, leaves: case_.centres.count, groups: Int(groups)!)
        #expect(samePartition(ours, partition), "\(groups) groups")
      }
    }
  }
}
