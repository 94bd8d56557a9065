import Testing

/// `Tests/Fixtures/churn/churn_reference.json`: data sets with their stratified folds and
/// scikit-learn 1.9.1's cross-validated AUCs and gains for `LogisticRegression(C=1.0)` and
/// `HistGradientBoostingClassifier(early_stopping=False)` (`scripts/fixtures/churn_reference.py`).
struct ChurnFixture: Decodable, Sendable {
  /// One model's cross-validated results.
  struct Reference: Decodable, Sendable {
    var foldAucs: [Double]
    var auc: Double
    var pooledAuc: Double
    var gainsChurners: [Int]
  }
  /// One data set.
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var features: [String]
    /// Features column by column; null is missing.
    var columns: [[Double?]]
    var labels: [Bool]
    var folds: [Int]
    var logistic: Reference
    var gbt: Reference
    var testDescription: String { name }

    /// The columns with NaN for missing values.
    var values: [[Double]] { columns.map { $0.map { $0 ?? .nan } } }
  }
  var sklearn: String
  var cases: [Case]

  /// Reads the fixture.
  static func load() throws -> ChurnFixture {
    try decodeFixture(ChurnFixture.self, from: "churn/churn_reference.json")
  }
}
