import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta value report`: the value table with its latest Pareto, RFM and lifetime-value results as
/// HTML (self-contained, inline SVG), Markdown or JSON, written to a file or returned.
package struct ValueReportWorkflow: Workflow {
  /// The format.
  package var format: ProfileWorkflow.Format
  /// The output file; nil returns the text only (`-` is standard output).
  package var out: String?

  package init(format: ProfileWorkflow.Format = .html, out: String? = nil) {
    self.format = format
    self.out = out
  }

  /// The report and its text.
  package struct Output: Sendable {
    package var report: ValueReport
    package var text: String
    package var file: String?
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SegmentaError.catching {
      let target = try out.map { path throws(SegmentaError) in try context.checkOutput(path, option: "--out") }
      var report = try Self.report(workspace: try context.workspace(for: .read))
      report.retention = try Self.retention(context, report: report)
      let text: String
      switch format {
      case .md: text = ValueReportRenderer.markdown(report)
      case .html: text = ValueReportRenderer.html(report)
      case .json: text = try ReportJSON.encode(report)
      }
      if let target { try TextOutput.write(text, to: target) }
      return Output(report: report, text: text, file: out)
    }
  }

  /// The retention matrix when the workspace has both value tiers and churn-risk bands: the value
  /// of the latest lifetime-value or Pareto result, at risk by `churn_score`.
  static func retention(_ context: WorkflowContext, report: ValueReport) throws -> CrossTable? {
    let names = Set(try context.workspace(for: .read).segmentations().map(\.name))
    guard names.contains("value_tier"), names.contains("churn_risk") else { return nil }
    let value = report.lifetime?.column ?? report.pareto?.column
    return try RetentionWorkflow(value: value, churn: value == nil ? nil : "churn_score").run(context).table
  }

  /// The report of the latest value table and its stored results.
  static func report(workspace: Workspace) throws -> ValueReport {
    let table = try workspace.valueTable()
    var report = ValueReport(
      table: ValueReport.Table(
        label: table.info.label, asOf: table.info.asOf, calibrationEnd: table.info.calibrationEnd,
        timeUnit: table.info.timeUnit, customers: table.info.customers, transactions: table.info.transactionsRead),
      pareto: nil, rfm: nil, lifetime: nil)
    if let text = try workspace.valueResult(kind: "pareto", table: table.id) {
      let pareto = try ValueResults.decode(ParetoWorkflow.Output.self, text)
      report.pareto = ValueReport.Pareto(
        column: pareto.column, analysis: pareto.analysis, tierNames: pareto.tiers.map(\.name), rule: pareto.rule)
    }
    if let text = try workspace.valueResult(kind: "rfm", table: table.id) {
      let rfm = try ValueResults.decode(RFMWorkflow.Output.self, text)
      report.rfm = ValueReport.RFM(
        bins: rfm.bins,
        segments: rfm.segments.map {
          ValueReport.RFMSegment(name: $0.name, customers: $0.customers, totalValue: $0.totalValue)
        }, counts: rfm.grid, gridSegments: rfm.gridSegments)
    }
    if let text = try workspace.valueResult(kind: "clv", table: table.id) {
      let clv = try ValueResults.decode(LifetimeValueWorkflow.Output.self, text)
      report.lifetime = ValueReport.Lifetime(
        parameters: [
          "r": clv.bgnbd.r, "alpha": clv.bgnbd.alpha, "a": clv.bgnbd.a, "b": clv.bgnbd.b, "p": clv.gammaGamma.p,
          "q": clv.gammaGamma.q, "v": clv.gammaGamma.v,
        ], horizonMonths: clv.horizonMonths, discount: clv.discount, column: clv.column, totalClv: clv.totalClv,
        meanClv: clv.meanClv, meanProbabilityAlive: clv.meanProbabilityAlive, calibration: clv.calibration,
        matrixRecencies: clv.aliveMatrix.recencies, matrixFrequencies: clv.aliveMatrix.frequencies,
        matrix: clv.aliveMatrix.values)
    }
    return report
  }
}

/// The stored results of the value commands as JSON (non-finite numbers kept as strings).
enum ValueResults {
  static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try decoder.decode(type, from: Data(text.utf8))
  }
}
