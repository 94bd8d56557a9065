#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an output could not be written; each writer reports it in its own error type.
struct OutputFailure: Error, Equatable {
  /// Whether the target was refused (it is not a regular file) rather than the system failing.
  var isRefusal: Bool
  /// What went wrong, without the path: "is a symbolic link; …", "cannot create the file: …".
  var message: String
}

/// The bytes of one output on their way to its target: written to standard output as they come, or to a
/// temporary sibling of the target file that ``commit()`` renames over it.
///
/// The temporary file is created exclusively (never through an existing name or link), keeps the permissions of
/// the file it replaces, and is removed if the output is abandoned. Right before the rename the target is checked
/// again: a symbolic link, directory or other non-regular file that appeared meanwhile is never replaced.
final class OutputSink {
  /// Where the bytes go.
  let target: OutputTarget
  private var descriptor: Int32
  private var temporaryPath: String?

  /// Opens the target: standard output, or a new temporary file beside the target file.
  init(_ target: OutputTarget) throws(OutputFailure) {
    self.target = target
    guard case .file(let path) = target else {
      descriptor = STDOUT_FILENO
      return
    }
    if let problem = OutputGuard.replacementProblem(path) { throw OutputFailure(isRefusal: true, message: problem) }
    var existing = stat()
    let replaces = stat(path, &existing) == 0 && FileKind(mode: existing.st_mode) == .regular
    var opened: (Int32, String)?
    for _ in 0..<16 {
      let candidate = path + ".partial-\(getpid())-\(String(UInt32.random(in: .min ... .max), radix: 36))"
      let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
      if descriptor >= 0 {
        opened = (descriptor, candidate)
        break
      }
      if errno != EEXIST { break }
    }
    guard let (descriptor, temporaryPath) = opened else {
      throw OutputFailure(isRefusal: false, message: "cannot create the file: \(OutputGuard.systemMessage())")
    }
    if replaces { _ = fchmod(descriptor, existing.st_mode & 0o777) }
    self.descriptor = descriptor
    self.temporaryPath = temporaryPath
  }

  deinit { abandon() }

  /// Writes all of `bytes`; nil on success.
  func write(_ bytes: UnsafeRawBufferPointer) -> OutputFailure? {
    guard descriptor >= 0 else { return OutputFailure(isRefusal: false, message: "write failed: the output is closed") }
    guard var start = bytes.baseAddress else { return nil }
    var remaining = bytes.count
    while remaining > 0 {
      let written = POSIX.writeBytes(descriptor, start, remaining)
      if written < 0 {
        if errno == EINTR { continue }
        if errno == EAGAIN || errno == EWOULDBLOCK {
          // Standard output may be a non-blocking pipe: wait until it takes more.
          var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
          _ = poll(&request, 1, -1)
          continue
        }
        return OutputFailure(isRefusal: false, message: "write failed: \(OutputGuard.systemMessage())")
      }
      start += written
      remaining -= written
    }
    return nil
  }

  /// Finishes the output; afterwards no more bytes can be written.
  ///
  /// For a file: flushes it to disk, checks the target again and renames the file over it. For standard output:
  /// nothing more.
  func commit() throws(OutputFailure) {
    guard case .file(let path) = target, let temporaryPath else {
      descriptor = -1
      return
    }
    if fsync(descriptor) != 0 || POSIX.closeFile(descriptor) != 0 {
      let failure = OutputFailure(isRefusal: false, message: "cannot finish writing: \(OutputGuard.systemMessage())")
      abandon()
      throw failure
    }
    descriptor = -1
    if let problem = OutputGuard.replacementProblem(path) {
      abandon()
      throw OutputFailure(isRefusal: true, message: problem)
    }
    if rename(temporaryPath, path) != 0 {
      let failure = OutputFailure(
        isRefusal: false, message: "cannot move the file into place: \(OutputGuard.systemMessage())")
      abandon()
      throw failure
    }
    self.temporaryPath = nil
  }

  /// Closes and removes the temporary file, if any; standard output stays open.
  func abandon() {
    if let temporaryPath {
      if descriptor >= 0 { _ = POSIX.closeFile(descriptor) }
      unlink(temporaryPath)
      self.temporaryPath = nil
    }
    descriptor = -1
  }
}
