import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta churn report`: the churn section (evaluation, gains, calibration, importance) of a
/// stored churn model as Markdown, self-contained HTML or JSON.
package struct ChurnReportWorkflow: Workflow {
  /// The report's formats.
  package enum Format: String, Sendable, CaseIterable {
    case md, html, json
  }

  package struct Output: Sendable {
    package var report: ChurnReport
    /// The report rendered in the requested format.
    package var text: String
    /// The file written, when one was requested.
    package var file: String?
    package var format: Format
  }

  /// The model version (nil: the latest).
  package var version: Int?
  package var format: Format
  /// Write the report to this file instead of returning it only.
  package var out: String?

  package init(version: Int? = nil, format: Format = .md, out: String? = nil) {
    self.version = version
    self.format = format
    self.out = out
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let target = try out.map { out throws(SegmentaError) in try context.checkOutput(out, option: "--out") }
    let workspace = try context.workspace(for: .read)
    let report = ChurnReport(try workspace.churnModel(version: version))
    return try SegmentaError.catching {
      let text: String
      switch format {
      case .md: text = report.markdown()
      case .html: text = report.html()
      case .json: text = try ReportJSON.encode(report)
      }
      if let target { try TextOutput.write(text, to: target) }
      return Output(report: report, text: text, file: out, format: format)
    }
  }
}
