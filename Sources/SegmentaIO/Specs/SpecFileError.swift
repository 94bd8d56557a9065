import SegmentaCore

/// A problem in a YAML spec file, located by line and column.
package struct SpecFileError: Error, Sendable, Equatable, CustomStringConvertible {
  package var file: String
  /// 1-based line, when known.
  package var line: Int?
  /// 1-based column, when known.
  package var column: Int?
  /// What is wrong and what is expected.
  package var message: String

  /// Creates an error.
  package init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:column: message`, as ``SegmentaError`` shows located spec errors.
  package var description: String { segmentaError.description }
}

extension SpecFileError: SegmentaErrorConvertible {
  package var segmentaError: SegmentaError {
    SegmentaError(.invalidSpec, message, file: file, line: line, column: column)
  }
}
