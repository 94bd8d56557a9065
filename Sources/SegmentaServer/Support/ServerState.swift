import Foundation
import Logging
import NIOConcurrencyHelpers
import SegmentaCore
import SegmentaWorkflows

/// What the server keeps while it runs: the workspace context, users, sessions, the job runner and the
/// route table.
final class ServerState: Sendable {
  let configuration: ServerConfiguration
  /// Shares one open workspace among requests; each request runs on a copy naming its caller.
  let base: WorkflowContext
  let users: UserDirectory
  let sessions: SessionStore
  let limiter: SignInLimiter
  let jobs: JobRunner
  let routes = RouteTable()
  let uploads: UploadStore
  let customers: CustomerDirectory
  /// Profile reports of segmentation versions (the explorer and the API).
  let reports = SegmentReportCache()
  let logger: Logger
  /// Called after every job that succeeded and every change made through the server.
  private let listeners = NIOLockedValueBox<[@Sendable () -> Void]>([])

  init(configuration: ServerConfiguration, logger: Logger) {
    self.configuration = configuration
    self.logger = logger
    base = WorkflowContext(workspacePath: configuration.workspacePath, user: "server", command: "segmenta serve")
    users = UserDirectory(context: base)
    sessions = SessionStore(
      idleSeconds: configuration.sessionIdleSeconds, lifetimeSeconds: configuration.sessionLifetimeSeconds)
    limiter = SignInLimiter(attempts: configuration.signInAttempts, windowSeconds: configuration.signInWindowSeconds)
    jobs = JobRunner(context: base, worker: configuration.worker, logger: logger)
    uploads = UploadStore(folder: configuration.uploads)
    customers = CustomerDirectory(context: base, logger: logger)
  }

  /// Calls `listener` after every change of the workspace (to refresh what a page keeps in memory).
  func onChange(_ listener: @escaping @Sendable () -> Void) {
    listeners.withLockedValue { $0.append(listener) }
  }

  /// Tells everything kept in memory that the workspace changed: the listeners are called and, unless
  /// `cards` is false (a change the customer cards do not show), the customer cards rebuilt.
  func changed(cards: Bool = true) {
    if cards { customers.refresh() }
    for listener in listeners.withLockedValue({ $0 }) { listener() }
  }

  /// A workflow context for `caller`, recording `command` (the request) in the audit.
  func context(for caller: Caller, command: String) -> WorkflowContext {
    var context = base
    context.user = caller.user.name
    context.role = caller.role
    context.command = command
    return context
  }

  /// Runs a workflow that only reads, on the blocking pool.
  func read<W: Workflow>(_ workflow: W, caller: Caller, command: String) async throws(SegmentaError) -> W.Output {
    let context = context(for: caller, command: command)
    return try await Blocking.run { () throws(SegmentaError) in try workflow.run(context) }
  }

  /// Runs a workflow that writes, on the blocking pool, unless a job is writing the workspace (one
  /// writer at a time: the request is refused with `conflict`, to be tried again when the job ends).
  ///
  /// What is kept in memory is told of the change afterwards; customer cards are rebuilt unless
  /// `refresh` is false (a change that cards do not show).
  func write<W: Workflow>(_ workflow: W, caller: Caller, command: String, refresh: Bool = true)
    async throws(SegmentaError) -> W.Output
  {
    if let job = await jobs.current {
      throw SegmentaError(
        .conflict, "job \(job.id) (\(job.title)) is writing the workspace; try again when it has ended")
    }
    let context = context(for: caller, command: command)
    let output = try await Blocking.run { () throws(SegmentaError) in try workflow.run(context) }
    users.invalidate()
    changed(cards: refresh)
    return output
  }
}
