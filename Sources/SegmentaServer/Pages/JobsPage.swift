import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// `/jobs`: the jobs the user may see, newest first, with their live status and cancel buttons.
enum JobsPage {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(.get, "/jobs", .readDashboards, kind: .page, "Jobs with their live status; cancel buttons.") {
      _, _, caller in
      let jobs = try await recent(caller: caller, state: state, limit: 100)
      let body: HTML = """
        <h1>任务 Jobs</h1>
        <p class="hint">Long work (imports, wide-table builds, segmentations, tag applies, campaign selections) runs as jobs, one at a time; a failed or cancelled job leaves the workspace as it was.</p>
        \(jobs.isEmpty ? "<p class=\"empty\">No jobs yet.</p>" : table(jobs, caller: caller))
        """
      return PageResponse.page("Jobs", area: .jobs, caller: caller, body)
    }
  }

  /// The newest `limit` jobs the caller may see: queued and running ones from the runner, the rest
  /// from the workspace (as `GET /api/v1/jobs` lists them).
  static func recent(caller: Caller, state: ServerState, limit: Int) async throws -> [JobRunner.Job] {
    let owner = JobsAPI.ownerFilter(caller)
    let live = await state.jobs.live().filter { owner == nil || $0.owner == owner }
    let base = state.base
    let (stored, _) = try await Blocking.run { () throws(SegmentaError) in
      try JobStore.list(offset: 0, limit: limit, owner: owner, context: base)
    }
    let liveIDs = Set(live.map(\.id))
    return Array((live + stored.filter { !liveIDs.contains($0.id) }).sorted { $0.id > $1.id }.prefix(limit))
  }

  /// The jobs as a table; rows of unfinished jobs follow the job's events.
  static func table(_ jobs: [JobRunner.Job], caller: Caller) -> HTML {
    let rows = jobs.map { job -> HTML in
      let mayCancel = !job.status.isFinished && (job.owner == caller.user.name || caller.role.allows(.manageUsers))
      let cancel: HTML =
        mayCancel ? "<button type=\"button\" class=\"small\" data-cancel-job=\"\(job.id)\">取消 Cancel</button>" : .empty
      let live: HTML = job.status.isFinished ? .empty : " data-live-job=\"\(job.id)\""
      return """
        <tr id="job-\(job.id)"\(live)><td class="num">\(job.id)</td><td>\(job.title)</td><td>\(job.owner)</td>
        <td class="status"><span class="badge \(job.status.rawValue)">\(job.status.rawValue)</span></td>
        <td class="progress-cell">\(progress(job))</td><td>\(job.createdAt)</td><td>\(job.finishedAt ?? "")</td><td>\(cancel)</td></tr>

        """
    }
    return Layout.scroll(
      """
      <table id="jobs-table"><thead><tr><th class="num">id</th><th>job</th><th>owner</th><th>status</th><th>progress / outcome</th><th>created</th><th>ended</th><th></th></tr></thead>
      <tbody>
      \(rows)</tbody></table>
      """)
  }

  /// What a job is doing, or how it ended.
  static func progress(_ job: JobRunner.Job) -> HTML {
    if let error = job.error { return "<span class=\"error-text\">\(error.message)</span>" }
    if job.status == .succeeded { return "done" }
    guard let progress = job.progress else { return .empty }
    var text = progress.step
    if !progress.detail.isEmpty { text += " " + progress.detail }
    if let done = progress.done, let total = progress.total, total > 0 {
      return "<progress max=\"\(total)\" value=\"\(done)\"></progress> \(text)"
    }
    return "\(text)"
  }
}
