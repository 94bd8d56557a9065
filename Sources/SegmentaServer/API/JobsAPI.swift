import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// Long work as jobs: start, list, follow (server-sent events) and cancel.
enum JobsAPI {
  struct ImportCustomersForm: Decodable {
    /// The upload holding the customer CSV.
    var upload: String
    var idColumn: String?
    var onError: BadRowPolicy?
    var delimiter: String?
  }

  struct BuildFeaturesForm: Decodable {
    /// The wide-table spec as YAML text, or an upload holding it.
    var spec: String?
    var specUpload: String?
    /// Uploads holding the event files.
    var events: [String]
    var period: String?
    var asOf: String?
    var replace: Bool?
    var allowEmpty: Bool?
    var strict: Bool?
    var delimiter: String?
  }

  struct ImportFeaturesForm: Decodable {
    /// The upload holding the wide table (CSV: customer_id and one column per feature of the spec).
    var upload: String
    /// The spec the table was made with, as YAML text, or an upload holding it.
    var spec: String?
    var specUpload: String?
    var period: String?
    var replace: Bool?
    var delimiter: String?
  }

  static func register(_ routes: Routes, state: ServerState) {
    let limit = state.configuration.maxBodyBytes
    routes.add(.post, "/api/v1/jobs/import-customers", .importData, "Import customers from an upload (a job).") {
      request, _, caller in
      var request = request
      let form = try await request.decodeJSON(ImportCustomersForm.self, limit: limit)
      let upload = try state.uploads.upload(form.upload)
      var job = ImportCustomersRequest(path: try state.uploads.path(of: form.upload), fileName: upload.name)
      if let idColumn = form.idColumn { job.idColumn = idColumn }
      if let onError = form.onError { job.onError = onError }
      if let delimiter = form.delimiter { job.delimiter = delimiter }
      if job.onError == .skip { job.rejectsPath = state.uploads.folder + "/" + form.upload + ".rejects.csv" }
      return try await submit(.importCustomers(job), request: request, caller: caller, state: state)
    }
    routes.add(
      .post, "/api/v1/jobs/build-features", .buildFeatures, "Build a period's wide table from uploads (a job)."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(BuildFeaturesForm.self, limit: limit)
      let specPath = try await spec(form.spec, upload: form.specUpload, caller: caller, state: state).path
      guard !form.events.isEmpty else {
        throw SegmentaError(.invalidRequest, "give at least one event file upload", field: "events")
      }
      var events: [String] = []
      for upload in form.events { events.append(try state.uploads.path(of: upload)) }
      var job = BuildFeaturesRequest(specPath: specPath, eventPaths: events)
      job.period = form.period
      job.asOf = form.asOf
      job.replace = form.replace ?? false
      job.allowEmpty = form.allowEmpty ?? false
      job.strict = form.strict ?? false
      if let delimiter = form.delimiter { job.delimiter = delimiter }
      return try await submit(.buildFeatures(job), request: request, caller: caller, state: state)
    }
    routes.add(
      .post, "/api/v1/jobs/import-features", .importData,
      "Store a wide table made elsewhere as a period (a job): an upload holding customer_id and one column per "
        + "feature of the spec (`spec` or `spec_upload`), as the features export writes it."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(ImportFeaturesForm.self, limit: limit)
      let upload = try state.uploads.upload(form.upload)
      let spec = try await spec(form.spec, upload: form.specUpload, caller: caller, state: state)
      var job = ImportFeaturesRequest(
        specPath: spec.path, path: try state.uploads.path(of: form.upload), fileName: upload.name)
      job.specName = spec.name
      job.period = try APIInput.checked(form.period, field: "period")
      job.replace = form.replace ?? false
      if let delimiter = form.delimiter { job.delimiter = delimiter }
      return try await submit(.importFeatures(job), request: request, caller: caller, state: state)
    }
    routes.add(
      .post, "/api/v1/jobs/segment", .segment,
      "Run a segmentation (a job): method `kmeans`, `som` (with `grid`) or `kprototypes` (with `categorical` "
        + "columns and an optional `gamma`)."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(SegmentRequest.self, limit: limit)
      return try await submit(.segment(form), request: request, caller: caller, state: state)
    }
    routes.add(.post, "/api/v1/jobs/apply-tags", .editTags, "Apply every tag to a period (a job).") {
      request, _, caller in
      var request = request
      let form = try await request.decodeJSON(ApplyTagsRequest.self, limit: limit)
      return try await submit(.applyTags(form), request: request, caller: caller, state: state)
    }
    routes.add(
      .post, "/api/v1/jobs/select-campaign", .manageCampaigns, "Select a campaign's targets and control group (a job)."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(SelectCampaignRequest.self, limit: limit)
      // A campaign the caller may not see is refused before a job is queued.
      _ = try await state.read(ShowCampaignWorkflow(name: form.name), caller: caller, command: request.auditCommand)
      return try await submit(.selectCampaign(form), request: request, caller: caller, state: state)
    }
    routes.add(.get, "/api/v1/jobs", nil, "Jobs, newest first (one's own unless the role sees all campaigns).") {
      request, _, caller in
      let paging = try Paging(request)
      let owner = ownerFilter(caller)
      let live = await state.jobs.live().filter { owner == nil || $0.owner == owner }
      let base = state.base
      let (stored, total) = try await Blocking.run { () throws(SegmentaError) in
        try JobStore.list(offset: 0, limit: paging.offset + paging.limit, owner: owner, context: base)
      }
      let liveIDs = Set(live.map(\.id))
      let merged = (live + stored.filter { !liveIDs.contains($0.id) }).sorted { $0.id > $1.id }
      // Queued jobs and jobs cancelled while queued are not stored yet.
      let queued = live.filter { $0.startedAt == nil }.count
      return JSONBody.response(PageOf(items: paging.slice(merged), total: total + queued, paging: paging))
    }
    routes.add(.get, "/api/v1/jobs/:id", nil, "One job: its state, progress, result or error.") {
      _, context, caller in
      JSONBody.response(try await job(context, caller: caller, state: state))
    }
    routes.add(.post, "/api/v1/jobs/:id/cancel", nil, "Cancel a queued or running job (its owner or an admin).") {
      _, context, caller in
      let found = try await job(context, caller: caller, state: state)
      guard found.owner == caller.user.name || caller.role.allows(.manageUsers) else {
        throw SegmentaError(.forbidden, "only the job's owner or an administrator may cancel it")
      }
      return JSONBody.response(try await state.jobs.cancel(found.id), status: .accepted)
    }
    routes.add(
      .get, "/api/v1/jobs/:id/events", nil,
      "The job's progress as server-sent events (`progress`, then one `end` with the job)."
    ) { _, context, caller in
      let found = try await job(context, caller: caller, state: state)
      let events = await state.jobs.events(found.id)
      let ended = found.status.isFinished ? found : nil
      let body = ResponseBody { writer in
        func send(_ event: String, _ data: some Encodable) async throws {
          let text = (try? JSONBody.text(data)) ?? "{}"
          try await writer.write(ByteBuffer(string: "event: \(event)\ndata: \(text)\n\n"))
        }
        if let ended {
          // A late subscriber still sees the last progress the job reported.
          if let progress = ended.progress { try await send("progress", progress) }
          try await send("end", ended)
        } else {
          for await event in events {
            switch event {
            case .progress(let progress): try await send("progress", progress)
            case .finished(let job): try await send("end", job)
            }
          }
        }
        try await writer.finish(nil)
      }
      return Response(
        status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }
  }

  /// Where a wide-table spec given as text (stored as an upload) or as an upload is, and its name in messages.
  static func spec(_ text: String?, upload: String?, caller: Caller, state: ServerState) async throws
    -> (path: String, name: String)
  {
    if let upload {
      return (try state.uploads.path(of: upload), try state.uploads.upload(upload).name)
    }
    guard let text else {
      throw SegmentaError(.invalidRequest, "give the spec as text (spec) or as an upload (spec_upload)", field: "spec")
    }
    return (try await state.uploads.saveText(text, name: "features.yaml", user: caller.user.name).path, "spec")
  }

  /// Only the caller's own jobs unless their role sees every campaign.
  static func ownerFilter(_ caller: Caller) -> String? {
    caller.role.allows(.readAllCampaigns) || caller.role.allows(.manageUsers) ? nil : caller.user.name
  }

  /// The job of the path's `id` that the caller may see.
  static func job(_ context: AppContext, caller: Caller, state: ServerState) async throws -> JobRunner.Job {
    let text = try context.parameter("id")
    guard let id = Int64(text), id > 0 else {
      throw SegmentaError(.invalidRequest, "a job id is a whole number", field: "id")
    }
    let base = state.base
    var found = await state.jobs.liveJob(id)
    if found == nil {
      found = try await Blocking.run { () throws(SegmentaError) in try JobStore.job(id, context: base) }
    }
    let owner = ownerFilter(caller)
    guard let found, owner == nil || found.owner == owner else {
      throw SegmentaError(.notFound, "no job \(id)", field: "id")
    }
    return found
  }

  /// Checks and queues a job; 202 with the job and its location.
  static func submit(_ request: JobRequest, request http: Request, caller: Caller, state: ServerState) async throws
    -> Response
  {
    try request.check()
    let job = await state.jobs.submit(request, user: caller.user, command: http.auditCommand)
    var response = JSONBody.response(job, status: .accepted)
    response.headers[.location] = "/api/v1/jobs/\(job.id)"
    return response
  }
}
