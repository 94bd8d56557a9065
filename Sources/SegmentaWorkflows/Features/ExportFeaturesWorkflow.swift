import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta features export`: a period's wide table as CSV (`customer_id` and one column per feature).
package struct ExportFeaturesWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    package var period: String
    /// Customer rows written.
    package var rows: Int
    package var features: Int
    package var file: String
  }

  /// The period (default: the latest).
  package var period: String?
  /// The CSV file to write.
  package var out: String

  package init(period: String? = nil, out: String) {
    self.period = period
    self.out = out
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let target = try context.checkOutput(out, option: "--out")
    // Written for the export audit.
    let workspace = try context.workspace(for: .write)
    let table = try workspace.wideTable(period: period)
    let ids = try workspace.customerIDs(keys: table.customerKeys)
    let output = try SegmentaError.catching {
      let writer = try CSVWriter(target: target, header: ["customer_id"] + table.features.map(\.name))
      for row in 0..<table.customerKeys.count {
        writer.field(ids[row])
        for feature in table.features {
          let value = feature.values[row]
          if value.isNaN { writer.emptyField() } else { writer.field(Self.text(value)) }
        }
        try writer.endRecord()
        if row % 10_000 == 0 {
          context.progress.report(.amount("exporting", row, of: table.customerKeys.count, unit: .items))
        }
      }
      try writer.close()
      return Output(period: table.period.label, rows: writer.rowCount, features: table.features.count, file: out)
    }
    try context.audit(.features, subject: output.period, file: out, rows: output.rows)
    return output
  }

  /// Shortest text that reads back as the same double.
  static func text(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
  }
}
