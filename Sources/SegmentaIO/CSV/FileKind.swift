#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What kind of file system object a path names, from its `st_mode`.
///
/// Readers and writers accept only regular files: a FIFO or a socket blocks or never ends, a device such as
/// `/dev/zero` never ends, and replacing a directory or a symbolic link would destroy something else.
enum FileKind: Equatable {
  case regular
  case directory
  case symbolicLink
  case fifo
  case socket
  case device
  case other

  /// The kind of the object whose `st_mode` is `mode`.
  init(mode: mode_t) {
    switch mode & S_IFMT {
    case S_IFREG: self = .regular
    case S_IFDIR: self = .directory
    case S_IFLNK: self = .symbolicLink
    case S_IFIFO: self = .fifo
    case S_IFSOCK: self = .socket
    case S_IFCHR, S_IFBLK: self = .device
    default: self = .other
    }
  }

  /// The kind of the object at `path` itself (a symbolic link is not followed), or nil when nothing is there.
  ///
  /// `errno` tells why when nil.
  static func of(linkAt path: String) -> FileKind? {
    var status = stat()
    guard lstat(path, &status) == 0 else { return nil }
    return FileKind(mode: status.st_mode)
  }

  /// What it is, for messages: "a directory", "a named pipe (FIFO)".
  var description: String {
    switch self {
    case .regular: return "a regular file"
    case .directory: return "a directory"
    case .symbolicLink: return "a symbolic link"
    case .fifo: return "a named pipe (FIFO)"
    case .socket: return "a socket"
    case .device: return "a device"
    case .other: return "a special file"
    }
  }

  /// Why an input of this kind cannot be read, or nil for a regular file.
  var inputProblem: String? {
    switch self {
    case .regular: return nil
    case .directory: return "is a directory, not a regular file; name a CSV file"
    default: return "is not a regular file but \(description); save the data to a file and name that"
    }
  }

  /// Why an existing output of this kind cannot be replaced, or nil for a regular file.
  var outputProblem: String? {
    switch self {
    case .regular: return nil
    case .directory: return "is a directory, not a file"
    case .symbolicLink: return "is a symbolic link; name the file it points to"
    default: return "is not a regular file; use - for standard output"
    }
  }
}
