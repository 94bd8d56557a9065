/// How well a churn model predicts, from stratified k-fold cross-validation.
public struct ChurnEvaluation: Sendable, Equatable, Codable {
  /// The mean of the per-fold AUCs (scikit-learn's `cross_val_score(..., scoring="roc_auc").mean()`).
  public var auc: Double
  /// Each fold's AUC on its held-out customers.
  public var foldAUCs: [Double]
  /// The AUC of the out-of-fold scores of all customers together.
  public var pooledAUC: Double
  /// The out-of-fold mean log loss.
  public var logLoss: Double
  /// The decile gains table of the out-of-fold scores.
  public var gains: [GainsRow]
  /// The churn rate of the top decile over the overall churn rate.
  public var topDecileLift: Double
  /// The calibration table of the out-of-fold scores.
  public var calibration: [CalibrationBin]
  /// Customers evaluated.
  public var customers: Int
  /// Churners among them.
  public var churners: Int

  private enum CodingKeys: String, CodingKey {
    case auc
    case foldAUCs = "fold_aucs"
    case pooledAUC = "pooled_auc"
    case logLoss, gains, topDecileLift, calibration, customers, churners
  }

  /// Creates an evaluation.
  public init(
    auc: Double, foldAUCs: [Double], pooledAUC: Double, logLoss: Double, gains: [GainsRow], topDecileLift: Double,
    calibration: [CalibrationBin], customers: Int, churners: Int
  ) {
    self.auc = auc
    self.foldAUCs = foldAUCs
    self.pooledAUC = pooledAUC
    self.logLoss = logLoss
    self.gains = gains
    self.topDecileLift = topDecileLift
    self.calibration = calibration
    self.customers = customers
    self.churners = churners
  }

  /// Cross-validates a model of `options.kind`: for each fold, a model fitted on the other folds
  /// scores the fold's customers; `folds` gives each row's fold (``StratifiedFolds``).
  ///
  /// Returns the evaluation and every row's out-of-fold score. `progress` receives the fold
  /// (1-based) and the boosting iteration.
  public static func crossValidate(
    columns: [[Double]], labels: [Bool], folds: [Int], options: ChurnFitOptions,
    progress: (Int, Int) -> Void = { _, _ in }
  ) -> (evaluation: ChurnEvaluation, scores: [Double]) {
    let foldCount = (folds.max() ?? 0) + 1
    var outOfFold = [Double](repeating: .nan, count: labels.count)
    var foldAUCs: [Double] = []
    for fold in 0..<foldCount {
      let train = folds.indices.filter { folds[$0] != fold }
      let test = folds.indices.filter { folds[$0] == fold }
      let model = ChurnModel.fit(
        kind: options.kind, columns: columns, labels: labels, rows: train, options: options
      ) { progress(fold + 1, $0) }
      let scores = model.scores(columns: columns, rows: test)
      for (index, row) in test.enumerated() { outOfFold[row] = scores[index] }
      foldAUCs.append(ChurnMetrics.auc(scores: scores, labels: test.map { labels[$0] }))
    }
    return (evaluate(scores: outOfFold, labels: labels, foldAUCs: foldAUCs), outOfFold)
  }

  /// The evaluation of `scores` against `labels`, with the given per-fold AUCs.
  public static func evaluate(scores: [Double], labels: [Bool], foldAUCs: [Double]) -> ChurnEvaluation {
    let gains = ChurnMetrics.gains(scores: scores, labels: labels)
    return ChurnEvaluation(
      auc: foldAUCs.isEmpty ? .nan : foldAUCs.reduce(0, +) / Double(foldAUCs.count), foldAUCs: foldAUCs,
      pooledAUC: ChurnMetrics.auc(scores: scores, labels: labels),
      logLoss: ChurnMetrics.logLoss(scores: scores, labels: labels), gains: gains,
      topDecileLift: gains.first?.lift ?? .nan, calibration: ChurnMetrics.calibration(scores: scores, labels: labels),
      customers: labels.count, churners: labels.reduce(0) { $0 + ($1 ? 1 : 0) })
  }
}

/// The churn risk band of a score.
public enum ChurnRiskBand: String, Sendable, Equatable, Codable, CaseIterable {
  /// Score ≥ 0.5.
  case high
  /// 0.2 ≤ score < 0.5.
  case medium
  /// Score < 0.2.
  case low

  /// The score from which a customer is high risk.
  public static let highThreshold = 0.5
  /// The score from which a customer is medium risk.
  public static let mediumThreshold = 0.2

  /// The band of `score`.
  public init(score: Double) {
    self = score >= Self.highThreshold ? .high : score >= Self.mediumThreshold ? .medium : .low
  }

  /// The band's 0-based segment in the `churn_risk` segmentation: high 0, medium 1, low 2.
  public var segment: Int {
    switch self {
    case .high: 0
    case .medium: 1
    case .low: 2
    }
  }
}
