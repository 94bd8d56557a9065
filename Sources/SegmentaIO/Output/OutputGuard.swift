import SegmentaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks, before any work starts, that an output path can be written without destroying anything.
///
/// A command calls ``check(_:option:protected:)`` for each output flag while validating its request, naming the
/// files it must not overwrite: the workspace (``ProtectedPath/workspace(_:)``) and its own inputs. Writers check
/// again right before they rename their temporary file into place (``TextOutput``, ``CSVWriter``).
package enum OutputGuard {
  /// Checks an output path before any work starts.
  ///
  /// "-" means standard output. Otherwise refused (``SegmentaError/Code/invalidRequest``, the message naming
  /// `option` and the path and saying what to do) when:
  /// - it resolves — following symbolic links of the path and of its folders — to one of `protected` (compared by
  ///   device and inode when both exist, else by the resolved absolute path, so a not-yet-existing `-wal` still
  ///   counts);
  /// - it exists and is a symbolic link, a directory, a FIFO, a socket or a device (only regular files may be
  ///   replaced);
  /// - its folder does not exist, is not a folder, or cannot be written to (the output is created there under a
  ///   temporary name and renamed).
  package static func check(_ path: String, option: String, protected: [ProtectedPath]) throws(SegmentaError)
    -> OutputTarget
  {
    if path == "-" { return .standardOutput }
    func refuse(_ problem: String) -> SegmentaError {
      SegmentaError(.invalidRequest, "\(option) '\(path)' \(problem)", file: path)
    }
    guard !path.isEmpty else {
      throw SegmentaError(.invalidRequest, "\(option) names no file; give a file name, or - for standard output")
    }
    if path.hasSuffix("/") { throw refuse("names a folder, not a file") }

    let output = FileIdentity(path)
    for file in protected where output.isSame(as: FileIdentity(file.path)) {
      let named = file.path == path ? "" : " (\(file.path))"
      throw refuse("is \(file.role)\(named); writing there would destroy it. Choose another file.")
    }

    if let kind = FileKind.of(linkAt: path) {
      if let problem = kind.outputProblem { throw refuse(problem) }
    } else if errno != ENOENT && errno != ENOTDIR {
      throw refuse("cannot be used: \(Self.systemMessage())")
    }

    let folder = Self.folder(of: path)
    var status = stat()
    if stat(folder, &status) != 0 {
      if errno == ENOENT { throw refuse("is in a folder that does not exist ('\(folder)'); create it first") }
      if errno != ENOTDIR { throw refuse("cannot be used: \(Self.systemMessage())") }
      throw refuse("is in '\(folder)', which is not a folder")
    }
    if FileKind(mode: status.st_mode) != .directory { throw refuse("is in '\(folder)', which is not a folder") }
    // The file is created beside its target and renamed, so the folder itself must be writable.
    if access(folder, W_OK) != 0 {
      throw refuse("is in '\(folder)', where files cannot be created (\(Self.systemMessage())); choose another folder")
    }
    return .file(path)
  }

  /// Why the existing object at `path` must not be replaced by an output, or nil when it may be (it is a regular
  /// file, or nothing is there).
  static func replacementProblem(_ path: String) -> String? {
    FileKind.of(linkAt: path)?.outputProblem
  }

  /// The folder holding `path`: what is before its last `/`, `/` for a file at the root, `.` for a bare name.
  static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let folder = path[..<slash]
    return folder.isEmpty ? "/" : String(folder)
  }

  /// The last component of `path`.
  static func name(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// `strerror(errno)`.
  static func systemMessage() -> String {
    String(cString: strerror(errno))
  }
}

/// Which file a path leads to: its device and inode when it exists, and its absolute path with every symbolic
/// link resolved (for a file that does not exist yet, its resolved folder and its name).
private struct FileIdentity {
  var device: UInt64?
  var inode: UInt64?
  var resolvedPath: String?

  init(_ path: String) {
    var status = stat()
    if stat(path, &status) == 0 {
      device = UInt64(status.st_dev)
      inode = UInt64(status.st_ino)
    }
    resolvedPath = Self.resolve(path)
  }

  /// Whether both lead to the same file.
  func isSame(as other: FileIdentity) -> Bool {
    if let inode, let otherInode = other.inode { return inode == otherInode && device == other.device }
    guard let resolvedPath, let otherPath = other.resolvedPath else { return false }
    return resolvedPath == otherPath
  }

  /// `path` made absolute with every symbolic link resolved, following links that point to files that do not
  /// exist yet; nil when its folder does not exist.
  private static func resolve(_ path: String) -> String? {
    var current = absolute(path)
    // As many links as the kernel follows (Linux's MAXSYMLINKS); more is a loop.
    for _ in 0..<40 {
      if let real = realPath(current) { return real }
      guard let folder = realPath(OutputGuard.folder(of: current)) else { return nil }
      let name = OutputGuard.name(of: current)
      let candidate = folder == "/" ? "/" + name : folder + "/" + name
      guard FileKind.of(linkAt: candidate) == .symbolicLink, let target = linkTarget(candidate) else {
        return candidate
      }
      current = target.hasPrefix("/") ? target : folder + "/" + target
    }
    return nil
  }

  private static func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    guard let directory = getcwd(nil, 0) else { return path }
    defer { free(directory) }
    return String(cString: directory) + "/" + path
  }

  private static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  private static func linkTarget(_ path: String) -> String? {
    var bytes = [CChar](repeating: 0, count: 4097)
    let count = readlink(path, &bytes, bytes.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: bytes[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
