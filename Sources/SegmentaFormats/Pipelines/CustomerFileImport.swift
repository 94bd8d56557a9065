import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta import customers`: a CSV file into the workspace, with a rejects file in skip mode.
public enum CustomerFileImport {
  /// What the import did, and where the rejected rows went.
  public struct Report: Sendable, Codable, Equatable {
    /// The import's counts and columns.
    public var summary: CustomerImportSummary
    /// The rejects file, when rows were rejected.
    public var rejectsFile: String?
    /// Wall time in seconds.
    public var seconds: Double
  }

  /// Imports `path`.
  ///
  /// In skip mode rejected rows go to `rejectsPath` (default: `<file>.rejects.csv`), a CSV of `line, column,
  /// column_name, reason, record` that is only created when a row is rejected.
  public static func run(
    workspace: Workspace, path: String, dialect: CSVDialect, options: CustomerImportOptions,
    rejectsPath: String?, progress: (ImportPhase, Int, Int) -> Void = { _, _, _ in }
  ) throws -> Report {
    let started = Date()
    let rejectsTarget = rejectsPath ?? path + ".rejects.csv"
    var rejects: CSVWriter?
    let summary = try workspace.importCustomers(
      open: { () throws(DataFileError) -> any RecordSource in try CSVReader(path: path, dialect: dialect) },
      options: options,
      reject: { record in
        if rejects == nil {
          rejects = try CSVWriter(path: rejectsTarget, header: ["line", "column", "column_name", "reason", "record"])
        }
        try rejects?.write([
          String(record.line), record.column.map(String.init) ?? "", record.columnName ?? "", record.reason,
          record.text,
        ])
      },
      progress: progress)
    try rejects?.close()
    return Report(
      summary: summary, rejectsFile: rejects == nil ? nil : rejectsTarget, seconds: Date().timeIntervalSince(started))
  }
}
