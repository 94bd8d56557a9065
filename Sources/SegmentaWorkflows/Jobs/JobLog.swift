import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// The server's job list as the workspace keeps it.
package enum JobLog {
  /// Marks jobs a stopped server left queued or running as failed; returns how many, and the last id.
  package static func recover(_ context: WorkflowContext) throws(SegmentaError) -> (interrupted: Int, lastID: Int64) {
    let workspace = try context.workspace()
    let error = try SegmentaError.catching {
      try ReportJSON.encode(
        SegmentaError(.internal, "the server stopped while the job ran; the workspace is as it was before the job"))
    }
    return (try workspace.failInterruptedJobs(error: error), try workspace.lastJobID())
  }

  /// Stores a job record (when it starts or ends).
  package static func save(_ job: JobRecord, _ context: WorkflowContext) throws(SegmentaError) {
    try context.workspace().saveJob(job)
  }

  /// Jobs newest first, a page at a time, and how many there are (only `owner`'s when given).
  package static func list(offset: Int, limit: Int, owner: String?, _ context: WorkflowContext) throws(SegmentaError)
    -> (jobs: [JobRecord], total: Int)
  {
    try context.workspace(for: .read).jobs(offset: offset, limit: limit, owner: owner)
  }

  /// The job `id`, if stored.
  package static func job(_ id: Int64, _ context: WorkflowContext) throws(SegmentaError) -> JobRecord? {
    try context.workspace(for: .read).job(id)
  }
}
