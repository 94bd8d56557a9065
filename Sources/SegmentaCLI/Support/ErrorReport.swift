import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO

/// The exit statuses of `segmenta` (docs/safety.md).
enum ExitStatus {
  /// The command did what it was asked.
  static let success: Int32 = 0
  /// The user can fix it: bad data, spec, rule or request, a missing step, an invalid rule checked.
  static let userError: Int32 = 1
  /// The command line itself is wrong: an unknown option, a missing or malformed value.
  static let usage: Int32 = 2
  /// A fault of Segmenta or its environment: a database failure, an unexpected error.
  static let internalFault: Int32 = 3
}

/// How a failed command tells the user: `Error: …` on standard error, or `{"error": {...}}` on
/// standard output with `--json`.
enum ErrorReport {
  /// The JSON shape of a failure.
  struct Document: Encodable {
    var error: SegmentaError
  }

  /// Prints `error` and returns the exit status it gives.
  static func report(_ error: any Error, json: Bool) -> Int32 {
    let status = SegmentaCommand.exitCode(for: error)
    if let exit = error as? ExitCode {
      // Help, --version and commands that already printed their answer (`rule check`).
      if exit == .success {
        Console.out(SegmentaCommand.fullMessage(for: error))
        return ExitStatus.success
      }
      return exit.rawValue
    }
    if status == .success {
      Console.out(SegmentaCommand.fullMessage(for: error))
      return ExitStatus.success
    }
    let failure: SegmentaError
    let code: Int32
    if let segmenta = error as? SegmentaError {
      failure = segmenta
      code = segmenta.code == .internal || segmenta.code == .database ? ExitStatus.internalFault : ExitStatus.userError
    } else if status == .validationFailure {
      failure = SegmentaError(.invalidRequest, SegmentaCommand.message(for: error))
      code = ExitStatus.usage
    } else if let convertible = error as? any SegmentaErrorConvertible {
      failure = convertible.segmentaError
      code = ExitStatus.userError
    } else {
      failure = SegmentaError(.internal, SegmentaCommand.message(for: error))
      code = ExitStatus.internalFault
    }
    if json {
      if let text = try? ReportJSON.encode(Document(error: failure)) { Console.out(text) }
    } else if code == ExitStatus.usage {
      Console.note(SegmentaCommand.fullMessage(for: error))
    } else {
      Console.note("Error: \(failure.description)")
    }
    return code
  }
}
