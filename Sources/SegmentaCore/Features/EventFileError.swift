/// An event file that cannot be used with the spec; the reader prefixes the file's name.
public enum EventFileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A column the spec needs (`name`, playing `role`) is not in the header, which has `available`.
  case missingColumn(name: String, role: String, available: [String])

  /// What is wrong, naming the missing column, its role and the columns the file has.
  public var description: String {
    switch self {
    case .missingColumn(let name, let role, let available):
      return "has no column '\(name)' (the spec's \(role)); its columns are: \(available.joined(separator: ", "))"
    }
  }
}
