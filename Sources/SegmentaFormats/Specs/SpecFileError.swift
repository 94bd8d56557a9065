/// A problem in a YAML spec file, located by line and column.
public struct SpecFileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file.
  public var file: String
  /// 1-based line, when known.
  public var line: Int?
  /// 1-based column, when known.
  public var column: Int?
  /// What is wrong and what is expected.
  public var message: String

  /// Creates an error.
  public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:column: message`.
  public var description: String {
    var text = file
    if let line { text += ":\(line)" }
    if let column { text += ":\(column)" }
    return text + ": " + message
  }
}
