import SegmentaCore

/// The demo's churn step: gradient-boosted trees on the demo's wide table learn the planted churn
/// outcome (column `churned`); `segmenta churn score` then scores every customer.
enum DemoChurn {
  /// What the demo reports of the churn model.
  struct Report: Sendable {
    var fit: ChurnFitWorkflow.Output
  }

  /// Fits on every feature of `period` with the seed of the demo.
  static func run(_ context: WorkflowContext, period: String, seed: UInt64) throws(SegmentaError) -> Report {
    context.progress.report(.status("fitting the demo churn model", "gradient-boosted trees, 5 folds"))
    var options = ChurnFitOptions()
    options.kind = .gbt
    options.seed = seed
    let fit = try ChurnFitWorkflow(label: .column("churned"), period: period, options: options).run(context)
    return Report(fit: fit)
  }
}

/// The demo's churn model in brief: its quality and the risk bands it stored.
package struct DemoChurnSummary: Sendable, Codable {
  package var model: ChurnModelKind
  package var customers: Int
  package var churners: Int
  package var churnRate: Double
  /// The mean of the per-fold AUCs.
  package var auc: Double
  package var foldAUCs: [Double]
  package var topDecileLift: Double
  package var seconds: Double

  private enum CodingKeys: String, CodingKey {
    case model, customers, churners, churnRate, auc
    case foldAUCs = "fold_aucs"
    case topDecileLift, seconds
  }

  init(_ report: DemoChurn.Report) {
    model = report.fit.model
    customers = report.fit.customers
    churners = report.fit.churners
    churnRate = report.fit.churnRate
    auc = report.fit.auc
    foldAUCs = report.fit.foldAUCs
    topDecileLift = report.fit.topDecileLift
    seconds = report.fit.seconds
  }
}
