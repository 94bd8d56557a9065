import Foundation
import GRDB
import SegmentaCore
import SegmentaFormats
import SegmentaStore
import SegmentaTestSupport

/// A new workspace in a temporary directory.
func makeWorkspace(_ directory: TemporaryDirectory) throws -> Workspace {
  try Workspace.create(at: directory.file("test.db")).workspace
}

/// Imports CSV text into `workspace`, collecting rejected rows.
@discardableResult
func importCSV(
  _ text: String, into workspace: Workspace, directory: TemporaryDirectory, name: String = "customers.csv",
  options: CustomerImportOptions = CustomerImportOptions(), rejects: Rejects? = nil
) throws -> CustomerImportSummary {
  try importBytes(
    Array(text.utf8), into: workspace, directory: directory, name: name, options: options, rejects: rejects)
}

/// Imports raw bytes into `workspace`.
@discardableResult
func importBytes(
  _ bytes: [UInt8], into workspace: Workspace, directory: TemporaryDirectory, name: String = "customers.csv",
  options: CustomerImportOptions = CustomerImportOptions(), rejects: Rejects? = nil
) throws -> CustomerImportSummary {
  let path = directory.write(name, bytes: bytes)
  return try workspace.importCustomers(
    open: { () throws(DataFileError) -> any RecordSource in try CSVReader(path: path, bufferSize: 64) },
    options: options, reject: { rejects?.records.append($0) })
}

/// Everything the workspace holds, as text, to check that a failed import changed nothing.
func snapshot(_ workspace: Workspace) throws -> [String] {
  try workspace.database.read { db in
    var lines: [String] = []
    for table in ["customer", "customer_column", "import_run", "period", "feature"] {
      let columns = try db.columns(in: table).map(\.name)
      lines.append("\(table): \(columns.joined(separator: ","))")
      for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1") {
        lines.append(columns.map { (row[$0] as DatabaseValue).description }.joined(separator: "|"))
      }
    }
    return lines
  }
}

/// The customer table as [id: [column name: value]].
func customers(_ workspace: Workspace) throws -> [String: [String: DatabaseValue]] {
  let columns = try workspace.customerColumns()
  return try workspace.database.read { db in
    var result: [String: [String: DatabaseValue]] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT * FROM customer") {
      var values: [String: DatabaseValue] = [:]
      for column in columns { values[column.name] = row[column.storage] }
      result[row["id"]] = values
    }
    return result
  }
}

/// Rows an import rejected.
final class Rejects {
  var records: [RejectedRecord] = []
}
