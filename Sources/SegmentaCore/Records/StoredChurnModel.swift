/// A fitted churn model as stored in the workspace: what it learned from, its parameters and its
/// cross-validated evaluation.
public struct StoredChurnModel: Sendable, Equatable, Codable {
  /// Version, 1 for the first fit of a workspace.
  public var version: Int
  /// When it was fitted, ISO 8601 in UTC.
  public var createdAt: String
  /// What churn means for the label: the label column, or inactivity of at least N days.
  public var label: ChurnLabel
  /// The wide-table period of its features, if any.
  public var period: String?
  /// The features, in model order.
  public var features: [SegmentationModel.Feature]
  /// The settings of the fit.
  public var options: ChurnFitOptions
  /// The model fitted on every labelled customer.
  public var model: ChurnModel
  /// The cross-validated evaluation.
  public var evaluation: ChurnEvaluation
  /// Each feature's permutation importance (``ChurnPermutationImportance``) in feature order, when the fit
  /// asked for it; nil: the model's own importance.
  public var permutationImportance: [Double]?
  /// The shuffles per feature of ``permutationImportance``.
  public var permutationRepeats: Int?

  /// Creates a stored model.
  public init(
    version: Int, createdAt: String, label: ChurnLabel, period: String?, features: [SegmentationModel.Feature],
    options: ChurnFitOptions, model: ChurnModel, evaluation: ChurnEvaluation, permutationImportance: [Double]? = nil,
    permutationRepeats: Int? = nil
  ) {
    self.permutationImportance = permutationImportance
    self.permutationRepeats = permutationRepeats
    self.version = version
    self.createdAt = createdAt
    self.label = label
    self.period = period
    self.features = features
    self.options = options
    self.model = model
    self.evaluation = evaluation
  }
}

/// What churn means for a fit.
public enum ChurnLabel: Sendable, Equatable, Codable, CustomStringConvertible {
  /// A customer column whose non-zero values (true, 1) mark churners.
  case column(String)
  /// Customers whose last activity (a date column) is at least `days` before the column's latest date.
  case inactiveDays(days: Int, activityColumn: String)

  /// The label as people read it.
  public var description: String {
    switch self {
    case .column(let name): "column \(name)"
    case .inactiveDays(let days, let column): "inactive for \(days)+ days (\(column))"
    }
  }
}
