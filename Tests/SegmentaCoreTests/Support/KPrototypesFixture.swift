@testable import SegmentaCore

/// `Tests/Fixtures/kprototypes/kprototypes_reference.json`: 3,000 rows of four planted groups with 5
/// numeric features (z-scored, float32) and 3 categorical columns (codes 0…), kmodes' default γ and
/// six KPrototypes fits from given starting prototypes (`scripts/fixtures/kprototypes_reference.py`).
struct KPrototypesFixture: Decodable, Sendable {
  /// One kmodes fit: `KPrototypes(n_clusters=k, init=[startNumeric, startCategorical], n_init=1)`.
  struct Run: Decodable, Sendable {
    var k: Int
    var seed: Int
    var startNumeric: [Double]
    var startCategorical: [Int]
    var cost: Double
    var labels: [Int]
    var numericPrototypes: [Double]
    var modes: [Int]
    var iterations: Int
  }
  var generator: String
  var rows: Int
  var numericColumns: Int
  var categoricalColumns: Int
  var levels: [Int]
  var numeric: [Double]
  var categorical: [Int]
  var truth: [Int]
  var gamma: Double
  var runs: [Run]

  /// The data with kmodes' codes shifted by one (code 0 is the missing value here).
  var matrix: MixedMatrix {
    MixedMatrix(
      rows: rows, numericColumns: numericColumns, numeric: numeric,
      categorical: categorical.map { UInt32($0 + 1) }, levels: levels.map { $0 + 1 })
  }

  /// Reads the fixture.
  static func load() throws -> KPrototypesFixture {
    try decodeFixture(KPrototypesFixture.self, from: "kprototypes/kprototypes_reference.json")
  }
}
