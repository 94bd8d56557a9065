/// A problem in an input file, located by file, line and column.
///
/// Lines count from 1 with the header on line 1; a record that spans several lines is located at
/// the line where the problem is. Columns count from 1 and carry the header's name when known.
/// Messages never quote values of personal-data columns.
public struct DataFileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// File path as given by the user.
  public var file: String
  /// 1-based line number, when the problem is on a line.
  public var line: Int?
  /// 1-based column number, when the problem is in a field.
  public var column: Int?
  /// Header name of that column.
  public var columnName: String?
  /// What is wrong, and what was expected.
  public var message: String

  /// Creates an error.
  public init(file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.columnName = columnName
    self.message = message
  }

  /// `file:line: column N 'name': message`, as ``SegmentaError`` shows located data errors.
  public var description: String { segmentaError.description }
}

extension DataFileError {
  /// The file `path` changed while it was being read for an import.
  public static func fileChanged(_ path: String) -> DataFileError {
    DataFileError(file: path, message: "the file changed while it was being imported; nothing was imported")
  }
}
