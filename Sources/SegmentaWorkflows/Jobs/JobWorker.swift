import Foundation
import SegmentaCore
import SegmentaIO

/// What the server hands a job's worker process on its standard input.
package struct JobEnvelope: Sendable, Codable, Equatable {
  package var request: JobRequest
  /// The workspace file.
  package var workspace: String
  /// The user who started the job, and their role (for per-object checks and the audit).
  package var user: String
  package var role: Role
  /// The server request that started it, as the audit records it.
  package var command: String

  package init(request: JobRequest, workspace: String, user: String, role: Role, command: String) {
    self.request = request
    self.workspace = workspace
    self.user = user
    self.role = role
    self.command = command
  }
}

/// One line a worker writes on its standard error while it runs, and the last one it writes on its
/// standard output when it ends.
package enum JobMessage: Sendable, Codable, Equatable {
  /// How far the work is.
  case progress(WorkflowProgress)
  /// The workflow's output, as JSON text.
  case succeeded(String)
  /// The workflow's error.
  case failed(SegmentaError)
}

/// The worker side of a job: runs the envelope's request, reporting progress as JSON lines.
package enum JobWorker {
  /// Decodes `input`, runs the job and returns its final message; progress goes to `emit`.
  package static func run(input: Data, emit: @escaping @Sendable (JobMessage) -> Void) -> JobMessage {
    let envelope: JobEnvelope
    do {
      envelope = try JSONDecoder().decode(JobEnvelope.self, from: input)
    } catch {
      return .failed(SegmentaError(.invalidRequest, "the job request cannot be read: \(error)"))
    }
    var context = WorkflowContext(
      workspacePath: envelope.workspace, progress: EmittingProgress(emit: emit), user: envelope.user,
      command: envelope.command)
    context.role = envelope.role
    do {
      guard context.allows(envelope.request.permission) else {
        throw SegmentaError(
          .forbidden, "the role '\(envelope.role.rawValue)' may not run \(envelope.request.kind) jobs")
      }
      return .succeeded(try envelope.request.run(context))
    } catch {
      return .failed(SegmentaError(error))
    }
  }

  /// One message as a line of JSON.
  package static func line(_ message: JobMessage) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(message) else { return "" }
    return String(decoding: data, as: UTF8.self)
  }
}

/// Forwards progress at most every 100 ms (and every change of step) to `emit`.
private final class EmittingProgress: ProgressReporter, @unchecked Sendable {
  private let emit: @Sendable (JobMessage) -> Void
  private let lock = NSLock()
  private var last = Date.distantPast
  private var lastStep = ""

  init(emit: @escaping @Sendable (JobMessage) -> Void) {
    self.emit = emit
  }

  func report(_ progress: WorkflowProgress) {
    let now = Date()
    let due = lock.withLock {
      guard progress.step != lastStep || now.timeIntervalSince(last) >= 0.1 else { return false }
      last = now
      lastStep = progress.step
      return true
    }
    if due { emit(.progress(progress)) }
  }
}
