import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta churn …`: churn propensity models.
struct ChurnCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "churn", abstract: "Fit churn propensity models, score customers and report on the model.",
    subcommands: [Fit.self, Score.self, Report.self])

  /// `segmenta churn fit`.
  struct Fit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "fit",
      abstract: "Fit a churn model (logistic regression or gradient-boosted trees) with cross-validation.",
      discussion: """
        The label is a 0/1 customer column (--label) or inactivity: customers whose last activity (a date \
        column, --activity-column) lies --inactive-days or more before that column's latest date. Features are \
        wide-table features of the period or numeric customer columns (--features all: every feature of the \
        period, or every numeric customer column except the label and churn_score); personal columns are refused. \
        The model is cross-validated on stratified folds (AUC per fold and their mean, gains by decile, \
        top-decile lift, calibration), then fitted on every labelled customer and stored as the next version. \
        logistic: L2 (C = 1) on standardised features; gbt: histogram gradient boosting (100 trees of up to 31 \
        leaves, learning rate 0.1, at least 20 customers per leaf). See docs/churn.md.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The customer column marking churners (1 or true).")
    var label: String?

    @Option(name: .customLong("inactive-days"), help: "Churn = no activity for at least this many days.")
    var inactiveDays: Int?

    @Option(name: .customLong("activity-column"), help: "The date column of the last activity (with --inactive-days).")
    var activityColumn: String?

    @Option(help: "Comma-separated features, or 'all'.")
    var features = "all"

    @Option(help: "Wide-table period (default: the latest).")
    var period: String?

    @Option(help: "logistic or gbt.")
    var model: ChurnModelKind = .logistic

    @Option(help: "Cross-validation folds (2–20); 1 fits once on every customer and reports the training AUC.")
    var folds = 5

    @Option(help: "Random seed of the folds.")
    var seed: UInt64 = 42

    @Option(name: .customLong("max-iter"), help: "Boosting iterations (gbt).")
    var maxIter = 100

    @Option(name: .customLong("learning-rate"), help: "Learning rate (gbt).")
    var learningRate = 0.1

    @Option(name: .customLong("max-leaf-nodes"), help: "Leaves per tree at most (gbt).")
    var maxLeafNodes = 31

    @Option(name: .customLong("min-samples-leaf"), help: "Customers per leaf at least (gbt).")
    var minSamplesLeaf = 20

    @Option(name: .customLong("l2"), help: "L2 regularisation of leaf values (gbt).")
    var l2 = 0.0

    @Option(help: "Inverse regularisation strength C (logistic).")
    var c = 1.0

    @Option(
      help: """
        Feature importance: model (gain share for gbt, standardised coefficients for logistic) or permutation \
        (the AUC drop when a feature is shuffled, on the training customers).
        """)
    var importance: ChurnImportanceChoice = .model

    @Option(help: "Shuffles per feature for --importance permutation (1–100).")
    var repeats = 5

    func validate() throws {
      guard (label == nil) != (inactiveDays == nil) else {
        throw ValidationError("give either --label COLUMN or --inactive-days N")
      }
      if activityColumn != nil && inactiveDays == nil {
        throw ValidationError("--activity-column goes with --inactive-days")
      }
      guard (1...20).contains(folds) else { throw ValidationError("--folds must be between 1 and 20") }
      guard maxIter >= 1 && maxIter <= 10_000 else { throw ValidationError("--max-iter must be between 1 and 10000") }
      guard learningRate > 0 && learningRate <= 1 else { throw ValidationError("--learning-rate must be in (0, 1]") }
      guard maxLeafNodes >= 2 && maxLeafNodes <= 4096 else {
        throw ValidationError("--max-leaf-nodes must be between 2 and 4096")
      }
      guard minSamplesLeaf >= 1 else { throw ValidationError("--min-samples-leaf must be 1 or more") }
      guard l2 >= 0 && l2.isFinite else { throw ValidationError("--l2 must be 0 or more") }
      guard c > 0 && c.isFinite else { throw ValidationError("--c must be positive") }
      guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be between 1 and 100") }
      guard try !ArgumentParsing.names(features, option: "--features").isEmpty else {
        throw ValidationError("--features is empty; give names or 'all'")
      }
    }

    func workflow() throws -> ChurnFitWorkflow {
      var options = ChurnFitOptions()
      options.kind = model
      options.folds = folds
      options.seed = seed
      options.inverseRegularization = c
      options.boosting.maxIterations = maxIter
      options.boosting.learningRate = learningRate
      options.boosting.maxLeafNodes = maxLeafNodes
      options.boosting.minSamplesLeaf = minSamplesLeaf
      options.boosting.l2Regularization = l2
      let names = try ArgumentParsing.names(features, option: "--features")
      var workflow = ChurnFitWorkflow(
        label: label.map { .column($0) } ?? .inactiveDays(inactiveDays ?? 0, activityColumn: activityColumn),
        features: features == "all" ? .all : .named(names), period: period, options: options)
      workflow.permutationRepeats = importance == .permutation ? repeats : 0
      return workflow
    }

    func run() async throws {
      let output = try workflow().run(global.context())
      if global.json { return try Console.json(output) }
      Self.printSummary(output)
    }

    static func printSummary(_ output: ChurnFitWorkflow.Output) {
      Console.out(
        Format.table(
          ["decile", "customers", "churners", "churn rate", "lift", "cumulative gain"],
          output.gains.map { row in
            [
              String(row.decile), Format.count(row.customers), Format.count(row.churners),
              ReportText.percent(row.churnRate), Format.fixed(row.lift, 2),
              ReportText.percent(row.cumulativeChurnerShare),
            ]
          }, rightAligned: [0, 1, 2, 3, 4, 5]))
      Console.out()
      Console.out(
        Format.table(
          ["feature", "importance"],
          output.importance.prefix(10).map { [SegmentNames.combined($0.label), Format.fixed($0.importance, 4)] },
          rightAligned: [1]))
      for note in output.notes { Console.out("Note: \(note)") }
      Console.out(
        "Fitted churn model version \(output.version) (\(output.model.rawValue)) on \(Format.count(output.customers)) "
          + "customers, \(Format.count(output.churners)) churners (\(ReportText.percent(output.churnRate))): "
          + "AUC \(Format.fixed(output.auc, 3)) "
          + (output.folds >= 2 ? "over \(output.folds) folds " : "on the training customers, no cross-validation ")
          + "(\(output.foldAUCs.map { Format.fixed($0, 3) }.joined(separator: ", "))), "
          + "top-decile lift \(Format.fixed(output.topDecileLift, 2)) (\(Format.seconds(output.seconds))).")
    }
  }

  /// `segmenta churn score`.
  struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "score",
      abstract: "Score every customer with the churn model: the column churn_score and the segmentation churn_risk.",
      discussion: """
        churn_score (0–1) is stored as a numeric customer column, so rules, tags, profiles and campaigns read it \
        (e.g. 'churn_score > 0.7'). The segmentation churn_risk bands customers: high (score ≥ 0.5), medium \
        (≥ 0.2) and low, so 'segment(churn_risk) = "high"' selects the high-risk customers.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Model version (default: the latest).")
    var version: Int?

    func run() async throws {
      let output = try ChurnScoreWorkflow(version: version).run(global.context())
      if global.json { return try Console.json(output) }
      Console.out(
        Format.table(
          ["risk band", "customers", "share"],
          ChurnRiskBand.allCases.map { band in
            let count = output.bands[band.rawValue] ?? 0
            return [
              band.rawValue, Format.count(count),
              ReportText.percent(output.customers > 0 ? Double(count) / Double(output.customers) : .nan),
            ]
          }, rightAligned: [1, 2]))
      Console.out(
        "Scored \(Format.count(output.customers)) customers with churn model version \(output.modelVersion) "
          + "(mean score \(Format.fixed(output.meanScore, 3))): stored as column \(output.column) and segmentation "
          + "\(output.segmentation) version \(output.segmentationVersion) (\(Format.seconds(output.seconds))).")
    }
  }

  /// `segmenta churn report`.
  struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "report",
      abstract: "Write the churn model's report (AUC, gains, calibration, importance) as Markdown, HTML or JSON.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "md, html or json.")
    var format: ChurnReportWorkflow.Format = .md

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @Option(help: "Model version (default: the latest).")
    var version: Int?

    func validate() throws {
      try Console.checkStandardOutput(out, json: global.json)
    }

    func run() async throws {
      let format = global.json && out == nil ? .json : format
      let output = try ChurnReportWorkflow(version: version, format: format, out: out == "-" ? nil : out)
        .run(global.context())
      guard let file = output.file else {
        Console.out(output.text)
        return
      }
      if global.json {
        return try Console.json([
          "file": file, "model_version": String(output.report.version), "format": format.rawValue,
        ])
      }
      Console.out(
        "Wrote the \(format.rawValue) churn report of model version \(output.report.version) "
          + "(AUC \(Format.fixed(output.report.auc, 3))) to \(file).")
    }
  }
}

/// The feature importance `churn fit --importance` reports.
enum ChurnImportanceChoice: String, ExpressibleByArgument, CaseIterable {
  /// The model's own: gain share (gbt) or standardised coefficients (logistic).
  case model
  /// The AUC drop when a feature's values are shuffled.
  case permutation
}
