/// Which churn model to fit.
public enum ChurnModelKind: String, Sendable, Equatable, Codable, CaseIterable {
  /// L2-regularised logistic regression on standardised features (``LogisticModel``).
  case logistic
  /// Histogram gradient-boosted trees (``GradientBoostedModel``).
  case gbt
}

/// A fitted churn model of either kind.
public enum ChurnModel: Sendable, Equatable, Codable {
  /// A logistic regression.
  case logistic(LogisticModel)
  /// Gradient-boosted trees.
  case gbt(GradientBoostedModel)

  /// The model's kind.
  public var kind: ChurnModelKind {
    switch self {
    case .logistic: .logistic
    case .gbt: .gbt
    }
  }

  /// The churn probability of `rows` of `columns` (every row when nil).
  public func scores(columns: [[Double]], rows: [Int]? = nil) -> [Double] {
    switch self {
    case .logistic(let model): model.scores(columns: columns, rows: rows)
    case .gbt(let model): model.scores(columns: columns, rows: rows)
    }
  }

  /// Each feature's importance: the standardised coefficient (signed) of a logistic regression, the
  /// share of the total split gain of boosted trees.
  public var importance: [Double] {
    switch self {
    case .logistic(let model): model.coefficients
    case .gbt(let model): model.importance
    }
  }

  /// Fits a model of `kind` on `rows`.
  public static func fit(
    kind: ChurnModelKind, columns: [[Double]], labels: [Bool], rows: [Int], options: ChurnFitOptions,
    progress: (Int) -> Void = { _ in }
  ) -> ChurnModel {
    switch kind {
    case .logistic:
      return .logistic(
        LogisticModel.fit(
          columns: columns, labels: labels, rows: rows, inverseRegularization: options.inverseRegularization))
    case .gbt:
      return .gbt(
        GradientBoostedModel.fit(
          columns: columns, labels: labels, rows: rows, options: options.boosting, seed: options.seed,
          progress: progress))
    }
  }
}

/// The settings of a churn fit.
public struct ChurnFitOptions: Sendable, Equatable, Codable {
  /// The model.
  public var kind: ChurnModelKind = .logistic
  /// Cross-validation folds (2 or more).
  public var folds = 5
  /// The seed of the folds and of the binning sample.
  public var seed: UInt64 = 42
  /// C of the logistic regression.
  public var inverseRegularization = 1.0
  /// The settings of the boosted trees.
  public var boosting = GradientBoostingOptions()

  /// The default settings.
  public init() {}
}
