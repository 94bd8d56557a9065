import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta churn fit`: a churn model from a label and the customers' features, cross-validated
/// and stored in the workspace.
package struct ChurnFitWorkflow: Workflow {
  /// What churn means.
  package enum Label: Sendable, Equatable {
    /// A customer column of 0/1 (or true/false) values; 1 is a churner.
    case column(String)
    /// Customers whose last activity (a date column; nil: the one date column named like
    /// `last_active`) lies at least `days` days before that column's latest date.
    case inactiveDays(Int, activityColumn: String?)
  }

  package var label: Label
  /// The features: wide-table features of the period or numeric customer columns (`.all`: every
  /// feature of the period, or every numeric customer column except the label's and scores).
  package var features: SegmentWorkflow.FeatureChoice
  /// The wide-table period (nil: the latest, if any).
  package var period: String?
  /// The model, folds and seed.
  package var options: ChurnFitOptions
  /// Shuffles per feature for permutation importance (``ChurnPermutationImportance``) on the training
  /// customers; 0 keeps the model's own importance.
  package var permutationRepeats = 0

  package init(
    label: Label, features: SegmentWorkflow.FeatureChoice = .all, period: String? = nil,
    options: ChurnFitOptions = ChurnFitOptions()
  ) {
    self.label = label
    self.features = features
    self.period = period
    self.options = options
  }

  /// The customer columns a fit never uses as features: the scores Segmenta writes.
  package static let derivedColumns: Set<String> = ["churn_score"]

  /// What `churn fit --json` reports.
  package struct Output: Sendable, Encodable {
    /// The stored model's version.
    package var version: Int
    package var model: ChurnModelKind
    /// What churn means, in words.
    package var label: String
    package var period: String?
    /// Labelled customers the model learned from.
    package var customers: Int
    package var churners: Int
    /// Customers left out because their label is missing.
    package var unlabelled: Int
    package var churnRate: Double
    package var folds: Int
    package var seed: UInt64
    /// The mean of the per-fold AUCs.
    package var auc: Double
    package var foldAUCs: [Double]
    package var pooledAUC: Double
    package var logLoss: Double
    package var topDecileLift: Double
    package var gains: [GainsRow]
    package var calibration: [CalibrationBin]
    /// Features by importance, largest first.
    package var importance: [ChurnFeatureImportance]
    /// What the importance measures.
    package var importanceKind: String
    package var notes: [String]
    package var seconds: Double

    private enum CodingKeys: String, CodingKey {
      case version, model, label, period, customers, churners, unlabelled, churnRate, folds, seed, auc
      case foldAUCs = "fold_aucs"
      case pooledAUC = "pooled_auc"
      case logLoss, topDecileLift, gains, calibration, importance, importanceKind, notes, seconds
    }
  }

  /// The labelled customers' features and labels.
  struct Inputs {
    var keys: [Int64]
    var period: String?
    var features: [SegmentationModel.Feature]
    var columns: [[Double]]
    var labels: [Bool]
    var label: ChurnLabel
    var unlabelled: Int
  }

  /// Loads the features and labels; customers without a label are left out.
  static func inputs(
    workspace: Workspace, label: Label, features choice: SegmentWorkflow.FeatureChoice, period: String?
  ) throws(SegmentaError) -> Inputs {
    let catalogue = try workspace.customerColumns()
    let labelColumn: String
    let stored: ChurnLabel
    switch label {
    case .column(let name):
      guard let column = catalogue.first(where: { $0.name == name }) else {
        throw SegmentaError(
          .notFound, "there is no customer column '\(name)' to take the churn label from", field: "label")
      }
      guard column.type.isNumeric, !column.personal else {
        throw SegmentaError(
          .invalidRequest,
          "the churn label '\(name)' must be a boolean or 0/1 column, not \(column.personal ? "personal " : "")\(column.type)",
          field: "label")
      }
      labelColumn = name
      stored = .column(name)
    case .inactiveDays(let days, let activity):
      guard days >= 1 else {
        throw SegmentaError(.invalidRequest, "inactive-days must be 1 or more, not \(days)", field: "inactive_days")
      }
      let dates = catalogue.filter { $0.type == .date && !$0.personal }
      let chosen: CustomerColumn?
      if let activity {
        chosen = dates.first { $0.name == activity }
        guard chosen != nil else {
          throw SegmentaError(
            .notFound, "there is no date customer column '\(activity)' holding the last activity",
            field: "activity_column")
        }
      } else {
        let named = dates.filter { $0.name.lowercased().contains("last") }
        chosen = named.count == 1 ? named.first : (dates.count == 1 ? dates.first : nil)
        guard chosen != nil else {
          throw SegmentaError(
            .invalidRequest,
            "name the date column of the last activity with --activity-column"
              + (dates.isEmpty
                ? "; the workspace has no date columns" : " (one of \(dates.map(\.name).joined(separator: ", ")))"),
            field: "activity_column")
        }
      }
      labelColumn = chosen?.name ?? ""
      stored = .inactiveDays(days: days, activityColumn: labelColumn)
    }
    let numeric = catalogue.filter { $0.type.isNumeric && !$0.personal }
    let resolved: SegmentWorkflow.FeatureChoice
    switch choice {
    case .all:
      if let table = try workspace.wideTableIfBuilt(period: period) {
        resolved = .named(table.features.map(\.name))
      } else {
        let names = numeric.map(\.name).filter { $0 != labelColumn && !derivedColumns.contains($0) }
        guard !names.isEmpty else {
          throw SegmentaError(
            .missingPrerequisite,
            "there are no numeric features besides the label; build a wide table or import numeric columns")
        }
        resolved = .named(names)
      }
    case .named(let names):
      if names.contains(labelColumn) {
        throw SegmentaError(
          .invalidRequest, "'\(labelColumn)' is the churn label and cannot also be a feature", field: "features")
      }
      resolved = choice
    }
    let loaded = try SegmentWorkflow.inputs(workspace: workspace, period: period, features: resolved)
    let raw = try workspace.customerValues(columns: [labelColumn], keys: loaded.keys)[labelColumn]?.values ?? []
    var labels: [Bool?] = []
    labels.reserveCapacity(raw.count)
    switch stored {
    case .column:
      for value in raw {
        if value.isNaN {
          labels.append(nil)
        } else if value == 0 || value == 1 {
          labels.append(value == 1)
        } else {
          throw SegmentaError(
            .invalidData, "the churn label '\(labelColumn)' must hold only 0 and 1 (or true and false)",
            field: labelColumn)
        }
      }
    case .inactiveDays(let days, _):
      let latest = raw.filter { !$0.isNaN }.max() ?? 0
      for value in raw { labels.append(value.isNaN ? nil : latest - value >= Double(days)) }
    }
    let rows = labels.indices.filter { labels[$0] != nil }
    return Inputs(
      keys: rows.map { loaded.keys[$0] }, period: loaded.period, features: loaded.features,
      columns: try loaded.columns.map { column in rows.map { column[$0] } },
      labels: rows.map { labels[$0] ?? false }, label: stored, unlabelled: labels.count - rows.count)
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let started = Date()
    guard (0...100).contains(permutationRepeats) else {
      throw SegmentaError(
        .invalidRequest, "permutation repeats must be between 0 and 100, not \(permutationRepeats)",
        field: "permutation_repeats")
    }
    guard (1...20).contains(options.folds) else {
      throw SegmentaError(.invalidRequest, "folds must be between 1 and 20, not \(options.folds)", field: "folds")
    }
    let workspace = try context.workspace()
    context.progress.report(.status("fitting churn model", "loading features"))
    let inputs = try Self.inputs(workspace: workspace, label: label, features: features, period: period)
    let churners = inputs.labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    let stayers = inputs.labels.count - churners
    guard churners >= options.folds, stayers >= options.folds else {
      throw SegmentaError(
        .insufficientData,
        "the label has \(churners) churners and \(stayers) other customers; each needs at least \(options.folds) (one per fold)",
        field: "label")
    }
    // One fold means no cross-validation: the model is fitted once and evaluated on its own training customers.
    let validated = options.folds >= 2
    let heldOut = validated ? options.folds : 0
    let iterations = options.kind == .gbt ? options.boosting.maxIterations : 1
    let total = (heldOut + 1) * iterations
    let progress = context.progress
    var evaluation: ChurnEvaluation?
    if validated {
      let folds = StratifiedFolds.assign(labels: inputs.labels, folds: options.folds, seed: options.seed)
      evaluation =
        ChurnEvaluation.crossValidate(
          columns: inputs.columns, labels: inputs.labels, folds: folds, options: options
        ) { fold, iteration in
          progress.report(
            .amount(
              "fitting churn model", (fold - 1) * iterations + iteration, of: total, detail: "fold \(fold)",
              unit: .items))
        }.evaluation
    }
    progress.report(.amount("fitting churn model", heldOut * iterations, of: total, detail: "final model"))
    let allRows = Array(inputs.labels.indices)
    let model = ChurnModel.fit(
      kind: options.kind, columns: inputs.columns, labels: inputs.labels, rows: allRows, options: options
    ) { iteration in
      progress.report(
        .amount("fitting churn model", heldOut * iterations + iteration, of: total, detail: "final model", unit: .items)
      )
    }
    let finalEvaluation: ChurnEvaluation
    if let evaluation {
      finalEvaluation = evaluation
    } else {
      let scores = model.scores(columns: inputs.columns, rows: allRows)
      finalEvaluation = ChurnEvaluation.evaluate(
        scores: scores, labels: inputs.labels, foldAUCs: [ChurnMetrics.auc(scores: scores, labels: inputs.labels)])
    }
    var permutation: [Double]?
    if permutationRepeats > 0 {
      progress.report(
        .status("fitting churn model", "permutation importance (\(permutationRepeats) shuffles per feature)"))
      permutation = ChurnPermutationImportance.compute(
        model: model, columns: inputs.columns, labels: inputs.labels, repeats: permutationRepeats, seed: options.seed)
    }
    progress.report(.status("fitting churn model", "saving"))
    let stored = try workspace.saveChurnModel(
      StoredChurnModel(
        version: 0, createdAt: "", label: inputs.label, period: inputs.period, features: inputs.features,
        options: options, model: model, evaluation: finalEvaluation, permutationImportance: permutation,
        permutationRepeats: permutation == nil ? nil : permutationRepeats))
    var notes: [String] = []
    if !validated {
      notes.append(
        "one fold: no cross-validation; the AUC, gains and calibration are measured on the training customers")
    }
    if inputs.unlabelled > 0 {
      notes.append(
        "\(inputs.unlabelled) customers without a label were left out of the fit (`churn score` scores them)")
    }
    return Output(
      version: stored.version, model: options.kind, label: inputs.label.description, period: inputs.period,
      customers: inputs.labels.count, churners: churners, unlabelled: inputs.unlabelled,
      churnRate: Double(churners) / Double(inputs.labels.count), folds: options.folds, seed: options.seed,
      auc: finalEvaluation.auc, foldAUCs: finalEvaluation.foldAUCs, pooledAUC: finalEvaluation.pooledAUC,
      logLoss: finalEvaluation.logLoss, topDecileLift: finalEvaluation.topDecileLift, gains: finalEvaluation.gains,
      calibration: finalEvaluation.calibration,
      importance: ChurnFeatureImportance.ranked(stored), importanceKind: ChurnFeatureImportance.kind(of: stored),
      notes: notes, seconds: Date().timeIntervalSince(started))
  }
}
