/// The checks of a fitted BG/NBD model that the value report shows.
public enum ValueDiagnostics {
  /// One row of the calibration-versus-holdout table.
  public struct CalibrationRow: Sendable, Equatable, Codable {
    /// Calibration frequency (the last row holds this and more).
    public var frequency: Int
    /// Customers in the row.
    public var customers: Int
    /// Mean actual purchases in the holdout.
    public var actual: Double
    /// Mean purchases the model fitted on the calibration predicts for the holdout.
    public var predicted: Double
  }

  /// Actual against predicted holdout purchases by calibration frequency 0, 1, …, `maximum` or more,
  /// as lifetimes' `plot_calibration_purchases_vs_holdout_purchases` (which caps the frequency at
  /// `n` = 7).
  public static func calibrationTable(
    model: BetaGeoModel, calibration: TransactionSummary, holdout: HoldoutSummary, maximum: Int = 7
  ) -> [CalibrationRow] {
    var customers = [Int](repeating: 0, count: maximum + 1)
    var actual = [Double](repeating: 0, count: maximum + 1)
    var predicted = [Double](repeating: 0, count: maximum + 1)
    let expected = model.expectedPurchases(
      in: holdout.duration, frequency: calibration.frequency, recency: calibration.recency, age: calibration.age)
    for i in 0..<calibration.count {
      let row = min(maximum, Int(calibration.frequency[i]))
      customers[row] += 1
      actual[row] += holdout.frequency[i]
      predicted[row] += expected[i]
    }
    return (0...maximum).compactMap { f in
      customers[f] == 0
        ? nil
        : CalibrationRow(
          frequency: f, customers: customers[f], actual: actual[f] / Double(customers[f]),
          predicted: predicted[f] / Double(customers[f]))
    }
  }

  /// P(alive) for every frequency 0…`maxFrequency` (columns) and recency 0…`age` (rows) at age `age`,
  /// as lifetimes' `conditional_probability_alive_matrix` (its rows are recency, its columns frequency).
  public static func probabilityAliveMatrix(model: BetaGeoModel, maxFrequency: Int, age: Int) -> [[Double]] {
    (0...max(0, age)).map { recency in
      (0...max(0, maxFrequency)).map { frequency in
        model.probabilityAlive(frequency: Double(frequency), recency: Double(recency), age: Double(age))
      }
    }
  }
}
