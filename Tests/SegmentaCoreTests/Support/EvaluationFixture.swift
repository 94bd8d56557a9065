import Foundation
import Testing

/// `Tests/Fixtures/evaluation/evaluation_reference.json`: statsmodels' z-tests and intervals,
/// scipy's Fisher tests and normal quantiles, and numpy's revenue interval
/// (`scripts/fixtures/evaluation_reference.py`).
struct EvaluationFixture: Decodable {
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var targetSuccesses: Int
    var targetCount: Int
    var controlSuccesses: Int
    var controlCount: Int
    var z: Double
    var pValue: Double
    var differenceLower: Double
    var differenceUpper: Double
    var ratioLower: Double?
    var ratioUpper: Double?
    var fisherPValue: Double
    var testDescription: String { name }
  }
  struct Quantile: Decodable, Sendable, CustomTestStringConvertible {
    var p: Double
    var z: Double
    var testDescription: String { "p = \(p)" }
  }
  struct Revenue: Decodable {
    var target: [Double]
    var control: [Double]
    var difference: Double
    var lower: Double
    var upper: Double
  }
  var cases: [Case]
  var quantiles: [Quantile]
  var revenue: Revenue

  static func load() throws -> EvaluationFixture {
    try decodeFixture(EvaluationFixture.self, from: "evaluation/evaluation_reference.json")
  }
}

/// |a − b| ≤ tolerance × |b| (exact equality for zeros).
func isClose(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
  a == b || abs(a - b) <= tolerance * abs(b)
}
