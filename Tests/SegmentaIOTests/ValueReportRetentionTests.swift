import SegmentaCore
import Testing

@testable import SegmentaIO

@Suite("Value report: the retention matrix section")
struct ValueReportRetentionTests {
  static let report = ValueReport(
    table: ValueReport.Table(
      label: "2024-03-30", asOf: "2024-03-30", calibrationEnd: nil, timeUnit: .days, customers: 3, transactions: 9),
    pareto: nil, rfm: nil, lifetime: nil,
    retention: CrossTable.build(
      dimensions: [("value_tier", ["High | top", "Low"], [0, 0, 1]), ("churn_risk", ["high", "low"], [0, 1, 0])],
      value: [100, 50, 10], churnProbability: [0.5, 0.1, 0.9]))

  @Test("Markdown lists the cells riskiest first with their value at risk; bars in labels are escaped")
  func markdown() {
    let text = ValueReportRenderer.markdown(Self.report)
    #expect(text.contains("## 挽留矩阵 Retention matrix"))
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("| High") || $0.hasPrefix("| Low") }
    #expect(
      rows == [
        "| High \\| top | high | 1 | 33.3 % | 100.0 | 50.00 |", "| Low | high | 1 | 33.3 % | 10.00 | 9.00 |",
        "| High \\| top | low | 1 | 33.3 % | 50.00 | 5.00 |",
      ])
  }

  @Test("HTML shows the same cells, escaped, without scripts; no section without a matrix")
  func html() {
    let html = ValueReportRenderer.html(Self.report)
    #expect(html.contains("<h2>挽留矩阵 Retention matrix</h2>") && html.contains("<td>High | top</td>"))
    #expect(!html.contains("<script"))
    var without = Self.report
    without.retention = nil
    #expect(!ValueReportRenderer.markdown(without).contains("Retention"))
  }
}
