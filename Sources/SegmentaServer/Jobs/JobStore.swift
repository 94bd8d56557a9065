import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// The job runner's records in the workspace (through ``JobLog``).
enum JobStore {
  static func timestamp() -> String {
    CivilDate.isoString(seconds: Int64(Date().timeIntervalSince1970)) + "Z"
  }

  static func recover(_ context: WorkflowContext) throws(SegmentaError) -> (Int, Int64) {
    let result = try JobLog.recover(context)
    return (result.interrupted, result.lastID)
  }

  /// Writes a starting job with its request.
  static func insert(_ job: JobRunner.Job, request: JobRequest, context: WorkflowContext) throws(SegmentaError) {
    let text = try SegmentaError.catching { String(decoding: try JSONEncoder().encode(request), as: UTF8.self) }
    try JobLog.save(record(job, request: text), context)
  }

  /// Writes an ended job (its request stays as stored).
  static func finish(_ job: JobRunner.Job, context: WorkflowContext) throws(SegmentaError) {
    let request = try JobLog.job(job.id, context)?.request ?? "{}"
    try JobLog.save(record(job, request: request), context)
  }

  /// Writes a job that never started (cancelled while queued).
  static func insertEnded(_ job: JobRunner.Job, context: WorkflowContext) throws(SegmentaError) {
    try JobLog.save(record(job, request: "{}"), context)
  }

  /// A page of stored jobs, newest first.
  static func list(offset: Int, limit: Int, owner: String?, context: WorkflowContext) throws(SegmentaError) -> (
    [JobRunner.Job], Int
  ) {
    let (records, total) = try JobLog.list(offset: offset, limit: limit, owner: owner, context)
    return (records.map(job), total)
  }

  /// A stored job.
  static func job(_ id: Int64, context: WorkflowContext) throws(SegmentaError) -> JobRunner.Job? {
    try JobLog.job(id, context).map(job)
  }

  private static func record(_ job: JobRunner.Job, request: String) -> JobRecord {
    func text<T: Encodable>(_ value: T?) -> String? {
      value.flatMap { try? ReportJSON.encode($0) }
    }
    return JobRecord(
      id: job.id, kind: job.kind, title: job.title, owner: job.owner, status: job.status, request: request,
      createdAt: job.createdAt, startedAt: job.startedAt, finishedAt: job.finishedAt, progress: text(job.progress),
      result: text(job.result), error: text(job.error))
  }

  private static func job(_ record: JobRecord) -> JobRunner.Job {
    func value<T: Decodable>(_ text: String?, as type: T.Type) -> T? {
      let decoder = JSONDecoder()
      decoder.keyDecodingStrategy = .convertFromSnakeCase
      return text.flatMap { try? decoder.decode(T.self, from: Data($0.utf8)) }
    }
    return JobRunner.Job(
      id: record.id, kind: record.kind, title: record.title, owner: record.owner, status: record.status,
      createdAt: record.createdAt, startedAt: record.startedAt, finishedAt: record.finishedAt,
      progress: value(record.progress, as: WorkflowProgress.self), result: value(record.result, as: JSONValue.self),
      error: value(record.error, as: SegmentaError.self))
  }
}
