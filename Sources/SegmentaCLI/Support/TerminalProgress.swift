import Foundation
import SegmentaWorkflows

/// Draws workflow progress as one line on standard error, redrawn at most ten times a second, only
/// when standard error is a terminal.
final class TerminalProgress: ProgressReporter, @unchecked Sendable {
  nonisolated(unsafe) private static var drawn = false
  private let lock = NSLock()
  private var last = Date.distantPast

  func report(_ progress: WorkflowProgress) {
    guard Console.stderrIsTerminal else { return }
    lock.withLock {
      let text: String
      if let done = progress.done, let total = progress.total {
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.1 || done >= total else { return }
        last = now
        let percent = total > 0 ? min(100, done * 100 / total) : 0
        let amounts =
          progress.unit == .bytes
          ? "\(Format.bytes(done)) of \(Format.bytes(total))" : "\(Format.count(done)) of \(Format.count(total))"
        text = "\(progress.step)\(progress.detail.isEmpty ? "" : " " + progress.detail): \(percent)% (\(amounts))"
      } else {
        text = "\(progress.step): \(progress.detail)"
      }
      FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
      Self.drawn = true
    }
  }

  /// Erases the progress line, before a result is printed.
  static func clear() {
    guard drawn else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    drawn = false
  }
}
