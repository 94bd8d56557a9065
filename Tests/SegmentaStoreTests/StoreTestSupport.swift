import SegmentaCore
import SegmentaTestSupport

@testable import SegmentaStore

/// A new workspace file in a temporary directory.
func makeWorkspace(_ directory: TemporaryDirectory) throws -> Workspace {
  try Workspace.create(at: directory.file("test.db")).workspace
}

/// Imports comma-separated lines (no quoting; the first is the header) into `workspace`.
@discardableResult
func importLines(
  _ text: String, into workspace: Workspace, options: CustomerImportOptions = CustomerImportOptions(),
  rejected: ((RejectedRecord) -> Void)? = nil
) throws -> CustomerImportSummary {
  try workspace.importCustomers(
    open: { () throws(DataFileError) -> any RecordSource in RecordLines(text) }, options: options,
    reject: { rejected?($0) })
}
