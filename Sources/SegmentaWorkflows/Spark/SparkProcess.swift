import Foundation
import SegmentaCore

/// Launches a Spark program and collects what it prints: its standard output whole, its standard error line by
/// line as it comes (a line ends at a newline or a carriage return, which Spark's progress bar uses).
enum SparkProcess {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs `program` in `directory` and waits for it, calling `line` with every non-blank line of its standard
  /// error.
  static func run(
    program: String, arguments: [String], directory: String, environment: [String: String],
    line: @escaping @Sendable (String) -> Void
  ) throws(SegmentaError) -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw SegmentaError(.fileAccess, "cannot start \(program): \(error.localizedDescription)", file: program)
    }
    // Standard output is read on another thread so that neither pipe fills while the other is read.
    let collected = Collected()
    let reading = DispatchGroup()
    reading.enter()
    DispatchQueue.global().async {
      collected.setOutput(output.fileHandleForReading.readDataToEndOfFile())
      reading.leave()
    }
    var errorBytes = Data()
    var pending = Data()
    let handle = errors.fileHandleForReading
    while true {
      let chunk = handle.availableData
      if chunk.isEmpty { break }
      errorBytes.append(chunk)
      pending.append(chunk)
      while let end = pending.firstIndex(where: { $0 == 10 || $0 == 13 }) {
        let text = String(decoding: pending[pending.startIndex..<end], as: UTF8.self)
        pending.removeSubrange(pending.startIndex...end)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty { line(trimmed) }
      }
    }
    reading.wait()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: collected.output, as: UTF8.self),
      stderr: String(decoding: errorBytes, as: UTF8.self))
  }

  /// The last lines of Spark's standard error that say what went wrong: no Java stack frames, no timing or
  /// start-up chatter; at most `limit`.
  static func errorLines(_ stderr: String, limit: Int = 8) -> [String] {
    let lines = stderr.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init).filter { line in
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      return !trimmed.isEmpty && !trimmed.hasPrefix("at ") && !trimmed.hasPrefix("... ")
        && !trimmed.hasPrefix("Time taken:") && !line.contains(" WARN ") && !line.contains(" INFO ")
    }
    return Array(lines.suffix(limit))
  }

  /// Standard output, handed from the reading thread.
  private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func setOutput(_ data: Data) { lock.withLock { self.data = data } }
    var output: Data { lock.withLock { data } }
  }
}
