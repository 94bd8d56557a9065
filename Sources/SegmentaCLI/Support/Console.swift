import ArgumentParser
import Foundation
import SegmentaIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to the terminal: results on standard output, progress and notes on standard error.
enum Console {
  /// Whether standard error is a terminal (progress is drawn only then).
  static let stderrIsTerminal = isatty(STDERR_FILENO) != 0

  /// Prints a line on standard output.
  static func out(_ text: String = "") {
    TerminalProgress.clear()
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
  }

  /// Prints a line on standard error.
  static func note(_ text: String) {
    TerminalProgress.clear()
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  /// Encodes `value` as pretty, key-sorted JSON with snake_case keys and prints it.
  static func json<T: Encodable>(_ value: T) throws {
    out(try ReportJSON.encode(value))
  }

  /// Prints one line per reason rows of a file were skipped, with the first line of each.
  static func printSkipped(_ skipped: [RowProblemReason: Int], firstLines: [RowProblemReason: Int]) {
    for (reason, count) in skipped.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      out(
        "Skipped \(Format.count(count)) row\(count == 1 ? "" : "s"): \(reason.words) "
          + "(first on line \(firstLines[reason] ?? 0))")
    }
  }

  /// Refuses `--out -` together with `--json`: both would go to standard output.
  static func checkStandardOutput(_ out: String?, option: String = "--out", json: Bool) throws {
    if out == "-" && json {
      throw ValidationError("\(option) - writes the data to standard output; leave out --json, or name a file")
    }
  }

  /// Prints a command's summary line: on standard output, or on standard error when the data itself
  /// went to standard output (`--out -`).
  static func summary(_ text: String, dataTo out: String?) {
    if out == "-" { note(text) } else { self.out(text) }
  }
}
