/// Where a command's output goes.
///
/// ``OutputGuard/check(_:option:protected:)`` turns a path given on the command line into a target; `-` is
/// standard output.
package enum OutputTarget: Sendable, Equatable {
  /// The process's standard output, written as it goes.
  case standardOutput
  /// A regular file, written under a temporary sibling name and renamed over the file once complete.
  case file(String)

  /// The target a path names: `-` is standard output, anything else a file.
  package init(path: String) {
    self = path == "-" ? .standardOutput : .file(path)
  }

  /// The path as a user would give it: `-` for standard output.
  package var path: String {
    switch self {
    case .standardOutput: return "-"
    case .file(let path): return path
    }
  }
}
