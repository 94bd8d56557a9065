import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta import customers`: a CSV file into the workspace (upsert by customer id), with a
/// rejects file when bad rows are skipped.
package struct ImportCustomersWorkflow: Workflow {
  package struct Output: Sendable, Codable, Equatable {
    /// The import's counts and columns.
    package var summary: CustomerImportSummary
    /// The rejects file, when rows were rejected.
    package var rejectsFile: String?
    /// Wall time in seconds.
    package var seconds: Double
  }

  /// The CSV file.
  package var path: String
  package var dialect: CSVDialect
  /// The id column and the bad-row policy; a schema file, when named, fixes types on top.
  package var options: CustomerImportOptions
  /// A YAML schema file fixing column types and personal-data flags (docs/import.md).
  package var schemaPath: String?
  /// Where rejected rows go with `onError: .skip` (default: `<file>.rejects.csv`), a CSV of `line,
  /// column, column_name, reason, record` created only when a row is rejected.
  package var rejectsPath: String?

  package init(
    path: String, dialect: CSVDialect = CSVDialect(), options: CustomerImportOptions = CustomerImportOptions(),
    schemaPath: String? = nil, rejectsPath: String? = nil
  ) {
    self.path = path
    self.dialect = dialect
    self.options = options
    self.schemaPath = schemaPath
    self.rejectsPath = rejectsPath
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let started = Date()
    let rejectsTarget = try context.checkOutput(
      rejectsPath ?? path + ".rejects.csv", option: rejectsPath == nil ? "the rejects file" : "--rejects",
      inputs: [path, schemaPath])
    let workspace = try context.workspace()
    var options = options
    if let schemaPath { options.schema = try SegmentaError.catching { try ImportSchemaParser.load(path: schemaPath) } }
    var rejects: CSVWriter?
    let step = "importing \(path)"
    let units = try SegmentaError.catching { try CustomerFileReader(path: path, dialect: dialect) }
    let summary = try workspace.importCustomers(
      units: units, options: options,
      reject: { record in
        if rejects == nil {
          rejects = try CSVWriter(target: rejectsTarget, header: ["line", "column", "column_name", "reason", "record"])
        }
        try rejects?.write([
          String(record.line), record.column.map(String.init) ?? "", record.columnName ?? "", record.reason,
          record.text,
        ])
      },
      progress: { phase, done, total in
        // Checking counts the file's bytes, writing the columns.
        context.progress.report(
          .amount(step, done, of: total, detail: phase.rawValue, unit: phase == .checking ? .bytes : .items))
      })
    try SegmentaError.catching { try rejects?.close() }
    return Output(
      summary: summary, rejectsFile: rejects == nil ? nil : rejectsTarget.path,
      seconds: Date().timeIntervalSince(started))
  }
}
