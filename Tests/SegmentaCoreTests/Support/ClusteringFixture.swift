import Testing

/// `Tests/Fixtures/clustering/clustering_reference.json`: k-means, quality measures, adjusted Rand
/// indices and Ward linkages computed by scikit-learn and scipy
/// (`scripts/fixtures/clustering_reference.py`).
struct ClusteringFixture: Decodable, Sendable {
  /// Lloyd from given initial centres (`KMeans(init=…, n_init=1)`) on one data set.
  struct Lloyd: Decodable, Sendable, CustomTestStringConvertible {
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
    var testDescription: String { name }
  }
  /// Silhouette, Calinski–Harabasz and Davies–Bouldin of one labeling of a Lloyd data set.
  struct Quality: Decodable, Sendable, CustomTestStringConvertible {
    var data: String
    var labeling: String
    var labels: [Int32]
    var silhouette: Double
    var calinskiHarabasz: Double
    var daviesBouldin: Double
    var testDescription: String { "\(data)/\(labeling)" }
  }
  /// `adjusted_rand_score(truth, predicted)`.
  struct ARI: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var truth: [Int]
    var predicted: [Int]
    var ari: Double
    var testDescription: String { name }
  }
  /// scipy's Ward linkage of weighted centres and its cuts into 1…n groups.
  struct Ward: Decodable, Sendable, CustomTestStringConvertible {
    var centres: [[Double]]
    var weights: [Double]
    var heights: [Double]
    var partitions: [String: [Int]]
    var testDescription: String { "\(centres.count) centres" }
  }
  var generator: String
  var lloyd: [Lloyd]
  var quality: [Quality]
  var ari: [ARI]
  var ward: [Ward]

  /// Reads the fixture.
  static func load() throws -> ClusteringFixture {
    try decodeFixture(ClusteringFixture.self, from: "clustering/clustering_reference.json")
  }
}
