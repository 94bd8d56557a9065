import SegmentaCore

/// A bad row of an outcome file: why (for the skip counts) and the located error.
package struct RowProblem: Error {
  var reason: RowProblemReason
  var error: DataFileError
}
