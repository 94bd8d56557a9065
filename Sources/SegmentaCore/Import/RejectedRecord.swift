/// A row left out of an import, as the rejects file records it.
public struct RejectedRecord: Sendable, Equatable {
  /// Line where the record starts (or where the problem is, for malformed records).
  public var line: Int
  /// 1-based column, when one field is at fault.
  public var column: Int?
  /// That column's name from the header.
  public var columnName: String?
  /// Why the row was left out.
  public var reason: String
  /// The record as CSV text.
  public var text: String

  /// Creates a rejected record.
  public init(line: Int, column: Int?, columnName: String?, reason: String, text: String) {
    self.line = line
    self.column = column
    self.columnName = columnName
    self.reason = reason
    self.text = text
  }
}
