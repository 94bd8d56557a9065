import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Churn: fit, score into a column and a segmentation, report")
struct ChurnWorkflowTests {
  /// Customers whose churn is planted: falling usage and complaints raise it, a noise column does not.
  static func customersCSV(count: Int, seed: UInt64 = 11) -> String {
    var rng = SplitMix64(seed: seed)
    var text = "customer_id,phone,usage_change,complaints,noise,last_active,churned\n"
    for index in 0..<count {
      let change = rng.nextNormal(mean: 0, sd: 1)
      let complaints = rng.nextPoisson(0.5)
      let noise = rng.nextUnit()
      let logit = -1.0 - 2.0 * change + 0.9 * Double(complaints)
      let churned = rng.nextUnit() < 1 / (1 + Foundation.exp(-logit))
      let day = 10 + Int(rng.next() % 20)
      text +=
        "C\(index),1380013\(String(format: "%04d", index)),\(String(format: "%.3f", change)),\(complaints),"
        + "\(String(format: "%.3f", noise)),2024-03-\(day),\(churned ? 1 : 0)\n"
    }
    return text
  }

  @Test("fit: a planted signal gives a good AUC, per-fold AUCs, gains that add up; versions count up")
  func fit() throws {
    let directory = TemporaryDirectory()
    let progress = RecordingProgress()
    let context = WorkflowContext(workspace: try Workspace.inMemory(), progress: progress, user: "tester")
    try importCSV(Self.customersCSV(count: 800), into: context, directory: directory)
    let output = try ChurnFitWorkflow(label: .column("churned")).run(context)
    #expect(output.version == 1 && output.model == .logistic && output.customers == 800 && output.folds == 5)
    #expect(output.auc > 0.75 && output.foldAUCs.count == 5)
    #expect(output.gains.map(\.customers).reduce(0, +) == 800)
    #expect(output.gains.map(\.churners).reduce(0, +) == output.churners)
    #expect(output.topDecileLift > 1.5)
    // The label and the personal phone column are never features; last_active is a date.
    #expect(Set(output.importance.map(\.feature)) == ["usage_change", "complaints", "noise"])
    #expect(output.importance.first?.feature == "usage_change")
    #expect(progress.recorded.contains { $0.step == "fitting churn model" })
    let json = try ReportJSON.encode(output)
    #expect(json.contains("\"auc\"") && json.contains("\"fold_aucs\""))
    var options = ChurnFitOptions()
    options.kind = .gbt
    options.boosting.maxIterations = 30
    let trees = try ChurnFitWorkflow(label: .column("churned"), options: options).run(context)
    #expect(trees.version == 2 && trees.model == .gbt && trees.auc > 0.7)
    #expect(try store(context).churnModel().version == 2)
  }

  @Test("score: churn_score is a customer column rules read, churn_risk a segmentation rules read")
  func score() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(Self.customersCSV(count: 400), into: context, directory: directory)
    _ = try ChurnFitWorkflow(label: .column("churned")).run(context)
    let output = try ChurnScoreWorkflow().run(context)
    #expect(output.customers == 400 && output.column == "churn_score" && output.segmentation == "churn_risk")
    #expect(output.bands.values.reduce(0, +) == 400)
    let workspace = try store(context)
    let column = try #require(try workspace.customerColumns().first { $0.name == "churn_score" })
    #expect(column.type == .decimal && !column.personal)
    let scores = try workspace.customerValues(columns: ["churn_score"], keys: try workspace.customerKeys())
    let values = try #require(scores["churn_score"]?.values)
    #expect(values.count == 400 && values.allSatisfy { $0 > 0 && $0 < 1 })
    let high = try CheckRuleWorkflow(rule: "segment(churn_risk) = \"high\"", count: true).run(context)
    #expect(high.valid && high.matches == output.bands["high"])
    let above = try CheckRuleWorkflow(rule: "churn_score >= 0.5", count: true).run(context)
    #expect(above.matches == output.bands["high"])
    // The bands are stored as assigned segments: every customer, no preprocessing, the thresholds noted.
    let bands = try workspace.segmentation(named: "churn_risk")
    #expect(bands.customerKeys == (try workspace.customerKeys()) && bands.groups == bands.clusters)
    #expect(bands.model.method == "churn_risk" && bands.model.preprocessing.transforms.isEmpty)
    #expect(bands.model.groupSizes == ["high", "medium", "low"].map { output.bands[$0] ?? -1 })
    #expect(bands.model.notes == ChurnRiskSegmentation.notes && bands.model.features.map(\.name) == ["churn_score"])
    #expect(bands.period == (try workspace.churnModel(version: nil)).period)
    // Scoring again replaces the column's values and stores a new version of the bands.
    let again = try ChurnScoreWorkflow().run(context)
    #expect(again.segmentationVersion == 2 && again.bands == output.bands)
    // A fit after scoring does not learn from the score.
    let refit = try ChurnFitWorkflow(label: .column("churned")).run(context)
    #expect(!refit.importance.map(\.feature).contains("churn_score"))
  }

  @Test("inactivity as the label: customers inactive for N days before the latest activity churned")
  func inactivity() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(Self.customersCSV(count: 300), into: context, directory: directory)
    let output = try ChurnFitWorkflow(
      label: .inactiveDays(10, activityColumn: nil), features: .named(["usage_change", "noise"])
    ).run(context)
    #expect(output.label == "inactive for 10+ days (last_active)" && output.customers == 300)
    #expect(output.churners > 0 && output.churners < 300)
  }

  @Test("refusals name the field: unknown or personal label, label as a feature, too few churners, bad folds")
  func refusals() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    try importCSV(Self.customersCSV(count: 60), into: context, directory: directory)
    let unknown = #expect(throws: SegmentaError.self) { try ChurnFitWorkflow(label: .column("nope")).run(context) }
    #expect(unknown?.code == .notFound && unknown?.field == "label")
    let personal = #expect(throws: SegmentaError.self) {
      try ChurnFitWorkflow(label: .column("churned"), features: .named(["phone"])).run(context)
    }
    #expect(personal?.code == .invalidRequest)
    let twice = #expect(throws: SegmentaError.self) {
      try ChurnFitWorkflow(label: .column("churned"), features: .named(["churned"])).run(context)
    }
    #expect(twice?.field == "features")
    let notBinary = #expect(throws: SegmentaError.self) {
      try ChurnFitWorkflow(label: .column("complaints")).run(context)
    }
    #expect(notBinary?.code == .invalidData && notBinary?.field == "complaints")
    var options = ChurnFitOptions()
    options.folds = 21
    let folds = #expect(throws: SegmentaError.self) {
      try ChurnFitWorkflow(label: .column("churned"), options: options).run(context)
    }
    #expect(folds?.field == "folds")
    let none = #expect(throws: SegmentaError.self) { try ChurnScoreWorkflow().run(try makeContext()) }
    #expect(none?.code == .missingPrerequisite)
  }

  @Test("report: Markdown, HTML with both charts, JSON with null for empty bins; no output over the workspace")
  func report() throws {
    let directory = TemporaryDirectory()
    let context = try makeFileContext(directory)
    try importCSV(Self.customersCSV(count: 300), into: context, directory: directory)
    _ = try ChurnFitWorkflow(label: .column("churned")).run(context)
    let markdown = try ChurnReportWorkflow(format: .md).run(context)
    #expect(markdown.text.contains("| AUC (mean of 5 folds) |") && markdown.text.contains("## 增益 Gains by decile"))
    let html = try ChurnReportWorkflow(format: .html, out: directory.file("churn.html")).run(context)
    #expect(html.text.contains("class=\"gains-chart\"") && html.text.contains("class=\"calibration-chart\""))
    #expect(!html.text.contains("<script"))
    #expect(FileManager.default.fileExists(atPath: directory.file("churn.html")))
    let json = try ChurnReportWorkflow(format: .json).run(context)
    #expect(json.text.contains("\"fold_aucs\"") && !json.text.contains("nan"))
    let guarded = #expect(throws: SegmentaError.self) {
      try ChurnReportWorkflow(format: .html, out: context.workspacePath).run(context)
    }
    #expect(guarded != nil)
  }
}
