import Foundation
import Logging
import NIOConcurrencyHelpers
import SegmentaCore
import SegmentaWorkflows

/// Runs the server's long work one job at a time, each in a worker process of its own
/// (`segmenta job-worker`): the workspace has one writer at a time, a job is cancelled by stopping its
/// process (SQLite rolls its transaction back, so a failed or cancelled job leaves the workspace as it
/// was), and a fault in a job cannot take the server down.
///
/// Queued jobs wait in memory; a job's row is written to the workspace when it starts and when it
/// ends, moments when no other process writes. Jobs left running by a server that stopped are marked
/// failed when the next one starts.
actor JobRunner {
  /// A job as the API shows it.
  struct Job: Sendable, Codable, Equatable {
    var id: Int64
    var kind: String
    var title: String
    var owner: String
    var status: JobStatus
    var createdAt: String
    var startedAt: String?
    var finishedAt: String?
    var progress: WorkflowProgress?
    /// The workflow's output (JSON), once it succeeded.
    var result: JSONValue?
    var error: SegmentaError?
  }

  /// What a subscriber to a job's events receives.
  enum Event: Sendable {
    case progress(WorkflowProgress)
    case finished(Job)
  }

  private struct Pending {
    var job: Job
    var envelope: JobEnvelope
  }

  private let context: WorkflowContext
  private let worker: String
  private let logger: Logger
  private var queue: [Pending] = []
  private var running: (job: Job, process: Process)?
  private var cancelling = false
  private var nextID: Int64 = 1
  /// Rows to write once no job writes (jobs cancelled while queued).
  private var unwritten: [Job] = []
  private var subscribers: [Int64: [UUID: AsyncStream<Event>.Continuation]] = [:]
  /// Called after each job that succeeded (the server refreshes what it keeps in memory).
  private var onChange: @Sendable () async -> Void = {}

  init(context: WorkflowContext, worker: String, logger: Logger) {
    self.context = context
    self.worker = worker
    self.logger = logger
  }

  /// Marks jobs interrupted by a stop as failed and sets the next id; called once at start.
  func start(onChange: @escaping @Sendable () async -> Void) async throws(SegmentaError) {
    self.onChange = onChange
    let context = context
    let (interrupted, last) = try await Blocking.run { () throws(SegmentaError) in try JobStore.recover(context) }
    nextID = last + 1
    if interrupted > 0 {
      logger.notice("jobs interrupted by a stop marked failed", metadata: ["count": "\(interrupted)"])
    }
  }

  /// Whether a job is writing the workspace now.
  var isBusy: Bool { running != nil }

  /// The running job, if any.
  var current: Job? { running?.job }

  /// Queues `request` for `caller` and starts it when the writer slot is free.
  func submit(_ request: JobRequest, user: TeamUser, command: String) -> Job {
    let job = Job(
      id: nextID, kind: request.kind, title: request.title, owner: user.name, status: .queued,
      createdAt: JobStore.timestamp())
    nextID += 1
    queue.append(
      Pending(
        job: job,
        envelope: JobEnvelope(
          request: request, workspace: context.workspacePath, user: user.name, role: user.role, command: command)))
    startNext()
    return job
  }

  /// Cancels the job `id`: a queued job is dropped, a running one's process is stopped.
  func cancel(_ id: Int64) throws(SegmentaError) -> Job {
    if let index = queue.firstIndex(where: { $0.job.id == id }) {
      var job = queue.remove(at: index).job
      job.status = .cancelled
      job.finishedAt = JobStore.timestamp()
      job.error = SegmentaError(.cancelled, "cancelled before it started")
      unwritten.append(job)
      if running == nil { flushUnwritten() }
      publish(id, .finished(job))
      return job
    }
    if let running, running.job.id == id {
      cancelling = true
      running.process.terminate()
      return running.job
    }
    throw SegmentaError(.conflict, "job \(id) is not queued or running; it has ended")
  }

  /// The queued and running jobs (and those cancelled while queued, until they are recorded), newest first.
  func live() -> [Job] {
    (queue.map(\.job) + (running.map { [$0.job] } ?? []) + unwritten).sorted { $0.id > $1.id }
  }

  /// The job `id` if it is queued or running.
  func liveJob(_ id: Int64) -> Job? {
    live().first { $0.id == id }
  }

  /// A stream of the job's progress and its end.
  func events(_ id: Int64) -> AsyncStream<Event> {
    let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(16))
    let key = UUID()
    subscribers[id, default: [:]][key] = continuation
    if let job = running?.job, job.id == id, let progress = job.progress { continuation.yield(.progress(progress)) }
    continuation.onTermination = { [weak self] _ in
      Task { await self?.unsubscribe(id, key) }
    }
    return stream
  }

  private func unsubscribe(_ id: Int64, _ key: UUID) {
    subscribers[id]?[key] = nil
    if subscribers[id]?.isEmpty == true { subscribers[id] = nil }
  }

  private func publish(_ id: Int64, _ event: Event) {
    for continuation in subscribers[id]?.values ?? [:].values {
      continuation.yield(event)
      if case .finished = event { continuation.finish() }
    }
    if case .finished = event { subscribers[id] = nil }
  }

  private func startNext() {
    guard running == nil, !queue.isEmpty else { return }
    let pending = queue.removeFirst()
    var job = pending.job
    job.status = .running
    job.startedAt = JobStore.timestamp()
    let context = context
    let record = job
    do {
      try JobStore.insert(record, request: pending.envelope.request, context: context)
    } catch {
      finish(job, .failed(error))
      startNext()
      return
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: worker)
    process.arguments = ["job-worker"]
    let input = Pipe()
    let output = Pipe()
    let progress = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = progress
    let id = job.id
    // The output is read while the worker runs: a result larger than the pipe's buffer (64 KiB) would
    // otherwise block the worker's last write, and the worker would never end.
    let result = WorkerOutput()
    process.terminationHandler = { [weak self] process in
      let data = result.wait()
      let status = process.terminationStatus
      Task { await self?.ended(id, data: data, status: status) }
    }
    do {
      try process.run()
    } catch {
      finish(job, .failed(SegmentaError(.internal, "cannot start the job worker \(worker): \(error)")))
      startNext()
      return
    }
    let outputReader = output.fileHandleForReading
    Thread.detachNewThread { result.finish(outputReader.readDataToEndOfFile()) }
    running = (job, process)
    cancelling = false
    logger.info("job started", metadata: ["job": "\(id)", "kind": .string(job.kind)])
    let envelope = (try? JSONEncoder().encode(pending.envelope)) ?? Data()
    let writer = input.fileHandleForWriting
    Thread.detachNewThread {
      try? writer.write(contentsOf: envelope)
      try? writer.close()
    }
    let reader = progress.fileHandleForReading
    Thread.detachNewThread { [weak self] in
      var buffer = Data()
      while true {
        let chunk = reader.availableData
        if chunk.isEmpty { break }
        buffer.append(chunk)
        while let newline = buffer.firstIndex(of: 0x0A) {
          let line = buffer[buffer.startIndex..<newline]
          buffer = Data(buffer[(newline + 1)...])
          if let message = try? JSONDecoder().decode(JobMessage.self, from: line), case .progress(let value) = message {
            Task { await self?.progressed(id, value) }
          }
        }
      }
    }
  }

  private func progressed(_ id: Int64, _ progress: WorkflowProgress) {
    guard running?.job.id == id else { return }
    running?.job.progress = progress
    publish(id, .progress(progress))
  }

  private func ended(_ id: Int64, data: Data, status: Int32) async {
    guard let (job, _) = running, job.id == id else { return }
    running = nil
    let lastLine = data.split(separator: 0x0A).last ?? Data()
    let message = try? JSONDecoder().decode(JobMessage.self, from: lastLine)
    let outcome: JobMessage
    if cancelling {
      outcome = .failed(SegmentaError(.cancelled, "cancelled; the workspace is as it was before the job"))
    } else if let message, case .succeeded = message, status == 0 {
      outcome = message
    } else if let message, case .failed = message {
      outcome = message
    } else {
      outcome = .failed(
        SegmentaError(.internal, "the job worker stopped (status \(status)); the workspace is as it was before the job")
      )
    }
    finish(job, outcome)
    flushUnwritten()
    if case .succeeded = outcome { await onChange() }
    startNext()
  }

  private func finish(_ job: Job, _ outcome: JobMessage) {
    var job = job
    job.finishedAt = JobStore.timestamp()
    switch outcome {
    case .succeeded(let text):
      job.status = .succeeded
      job.result = JSONValue.parse(text)
    case .failed(let error):
      job.status = error.code == .cancelled ? .cancelled : .failed
      job.error = error
    case .progress: break
    }
    do {
      try JobStore.finish(job, context: context)
    } catch {
      logger.error("cannot record the end of a job", metadata: ["job": "\(job.id)", "code": "\(error.code)"])
    }
    logger.info("job ended", metadata: ["job": "\(job.id)", "status": .string(job.status.rawValue)])
    publish(job.id, .finished(job))
  }

  private func flushUnwritten() {
    guard running == nil else { return }
    for job in unwritten {
      try? JobStore.insertEnded(job, context: context)
    }
    unwritten = []
  }
}

/// A worker's standard output, read to its end on a thread of its own and handed to the termination
/// handler once complete.
private final class WorkerOutput: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private var data = Data()

  /// Keeps the output read and lets ``wait()`` return it.
  func finish(_ data: Data) {
    self.data = data
    done.signal()
  }

  /// The whole output, once it has been read.
  func wait() -> Data {
    done.wait()
    return data
  }
}
