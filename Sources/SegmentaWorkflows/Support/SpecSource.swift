import SegmentaIO

/// Where a spec (YAML) comes from: a file the command line names, or text a form or a request body holds.
package enum SpecSource: Sendable, Equatable {
  /// A YAML file.
  case file(String)
  /// YAML text; `name` names it in messages and in the comments of what is compiled from it.
  case text(String, name: String)

  /// The file or the text's name, as messages and comments show it.
  package var name: String {
    switch self {
    case .file(let path): path
    case .text(_, let name): name
    }
  }

  /// The file read, if the spec is one (an output must not overwrite it).
  package var path: String? {
    if case .file(let path) = self { return path }
    return nil
  }

  /// The YAML text: the file read with the bounds of ``SpecFile`` (`what` names it: "the wide-table spec"), or
  /// the text given, refused when it is larger than a spec file may be.
  package func text(what: String) throws(SpecFileError) -> String {
    switch self {
    case .file(let path):
      return try SpecFile.text(at: path, what: what)
    case .text(let text, let name):
      guard text.utf8.count <= SpecFile.maximumBytes else {
        throw SpecFileError(
          file: name,
          message: "\(what) is \(text.utf8.count / 1024) KiB; a spec is at most \(SpecFile.maximumBytes / 1024) KiB")
      }
      return text
    }
  }
}
