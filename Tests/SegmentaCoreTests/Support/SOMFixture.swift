@testable import SegmentaCore

/// `Tests/Fixtures/som/som_reference.json`: 2,000 rows of four planted groups (z-scored, float32)
/// and MiniSom 2.3.6's quantisation and topographic errors for a 6 × 6 map trained as its
/// BasicUsage example (`scripts/fixtures/som_reference.py`).
struct SOMFixture: Decodable, Sendable {
  /// One MiniSom run: `train(data, iterations, random_order=True)` with `random_seed=seed`.
  struct Run: Decodable, Sendable {
    var iterations: Int
    var seed: Int
    var quantizationError: Double
    var topographicError: Double
  }
  var generator: String
  var rows: Int
  var columns: Int
  var gridRows: Int
  var gridColumns: Int
  var data: [Double]
  var truth: [Int]
  var minisom: [Run]

  /// The data as a matrix.
  var matrix: FeatureMatrix {
    FeatureMatrix(rows: rows, columns: columns, unpadded: data.map { Float($0) })
  }

  /// The data column by column, for the segmenter.
  var featureColumns: [(name: String, values: [Double])] {
    (0..<columns).map { c in ("f\(c)", (0..<rows).map { data[$0 * columns + c] }) }
  }

  /// Reads the fixture.
  static func load() throws -> SOMFixture {
    try decodeFixture(SOMFixture.self, from: "som/som_reference.json")
  }
}
