import Foundation
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// Campaigns end to end: list, create, one campaign, export (audited), responses, evaluation, learning.
///
/// Selecting is a job. A campaign the caller may not see answers 404 on every route (the workflows
/// check each campaign).
enum CampaignsAPI {
  /// A campaign spec as YAML (`yaml`, docs/campaigns.md) or as the same fields in JSON (`spec`).
  struct CreateForm: Decodable {
    var yaml: String?
    var spec: JSONValue?
    /// The wide-table period the target rule is checked against (default: the latest).
    var period: String?
  }

  /// Options of a campaign export.
  struct ExportForm: Decodable {
    /// Write phone numbers and e-mail addresses unmasked (needs reveal_contacts; audited).
    var reveal: Bool?
    /// An upload holding sales staff (staff_id, name, region, customer_types, capacity).
    var staffUpload: String?
    var regionColumn: String?
    var typeColumn: String?
  }

  /// Options of learning from a campaign's responses.
  struct LearnForm: Decodable {
    /// Store the refined rule as (a new version of) this tag (needs edit_tags).
    var applyTag: String?
    var period: String?
    /// The share of converters a refinement must keep, in (0, 1].
    var minKept: Double?
  }

  static func register(_ routes: Routes, state: ServerState) {
    let limit = state.configuration.maxBodyBytes
    routes.list(
      "/api/v1/campaigns", .readDashboards,
      "The campaigns the caller may see, by name, with their selection, exports and responses.", state: state
    ) { _ in ListCampaignsWorkflow() }
    routes.add(
      .post, "/api/v1/campaigns", .manageCampaigns,
      "Create a campaign from a spec (`yaml`, or `spec` as JSON); its target rule and columns are checked first. "
        + "The caller owns it."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(CreateForm.self, limit: limit)
      let text: String
      switch (form.yaml, form.spec) {
      case (let yaml?, nil): text = yaml
      case (nil, let spec?):
        // JSON is YAML: the spec's fields are read by the same parser, with the same checks.
        guard case .object = spec else {
          throw SegmentaError(.invalidRequest, "spec is an object with the fields of a campaign spec", field: "spec")
        }
        text = try SegmentaError.catching { String(decoding: try JSONEncoder().encode(spec), as: UTF8.self) }
      default:
        throw SegmentaError(.invalidRequest, "give the campaign as yaml or as spec (one of them)", field: "yaml")
      }
      let spec = try SegmentaError.catching { try CampaignSpecParser.parse(text, file: "the campaign spec") }
      let workflow = CreateCampaignWorkflow(
        source: .campaign(spec), period: try APIInput.checked(form.period, field: "period"))
      let output = try await state.write(workflow, caller: caller, command: request.auditCommand, refresh: false)
      var response = JSONBody.response(output, status: .created)
      response.headers[.location] = "/api/v1/campaigns/\(output.campaign.name)"
      return response
    }
    routes.add(
      .get, "/api/v1/campaigns/:name", .readDashboards, "One campaign: its spec, selection, exports, responses."
    ) {
      request, context, caller in
      let workflow = ShowCampaignWorkflow(name: try context.parameter("name"))
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/campaigns/:name/export", .exportData,
      "The campaign's contact list as a CSV download, contacts masked unless `reveal` (needs reveal_contacts); "
        + "audited with the user."
    ) { request, context, caller in
      let name = try context.parameter("name")
      var request = request
      let form = try await request.decodeJSONIfPresent(ExportForm.self, limit: limit) ?? ExportForm()
      let staff = try form.staffUpload.map { id throws(SegmentaError) in
        ExportCampaignWorkflow.Staff(
          path: try state.uploads.path(of: id),
          regionColumn: try APIInput.checked(form.regionColumn, field: "region_column"),
          typeColumn: try APIInput.checked(form.typeColumn, field: "type_column"))
      }
      return try await CSVTransfer.download(
        filename: "campaign-\(name).csv", state: state, caller: caller, request: request
      ) { path in ExportCampaignWorkflow(name: name, out: path, reveal: form.reveal ?? false, staff: staff) }
    }
    routes.add(
      .post, "/api/v1/campaigns/:name/responses", .manageCampaigns,
      "Import the campaign's outcomes from the raw CSV body (customer_id, reached, converted, contacted_at, revenue); "
        + "`on_error` fail or skip."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let onError = try BadRowPolicy.query(request)
      let output = try await CSVTransfer.withBody(request, name: "responses.csv", state: state, caller: caller) {
        path in
        try await state.write(
          ImportResponsesWorkflow(name: name, path: path, onError: onError), caller: caller,
          command: request.auditCommand, refresh: false)
      }
      return JSONBody.response(Imported(output))
    }
    routes.add(
      .get, "/api/v1/campaigns/:name/evaluation", .readDashboards,
      "Targets against the control group: contact and conversion rates, lifts with intervals, p-values, cost and ROI "
        + "(`confidence`; `cost_per_contact`, `budget`, `value_per_conversion` instead of the spec's)."
    ) { request, context, caller in
      let workflow = EvaluateCampaignWorkflow(
        source: .campaign(try context.parameter("name")),
        confidence: try request.queryNumber("confidence", in: 0.5...0.999) ?? 0.95,
        costPerContact: try request.queryNumber("cost_per_contact", in: 0...1e12),
        budget: try request.queryNumber("budget", in: 0...1e15),
        valuePerConversion: try request.queryNumber("value_per_conversion", in: 0...1e12))
      let output = try await state.read(workflow, caller: caller, command: request.auditCommand)
      return JSONBody.response(EvaluationOutput(output.evaluation, campaign: output.campaign))
    }
    routes.add(
      .get, "/api/v1/campaigns/:name/learning", .readDashboards,
      "What converters share against the other targets, and the refinement that raises conversion most "
        + "(`period`, `min_kept`)."
    ) { request, context, caller in
      let workflow = LearnCampaignWorkflow(
        name: try context.parameter("name"), period: try request.queryText("period"),
        minimumKept: try request.queryNumber("min_kept", in: 0.001...1) ?? 0.5)
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/campaigns/:name/learning", .manageCampaigns,
      "Learn from the campaign's responses and store the refined rule as a tag (`apply_tag`, needs edit_tags)."
    ) { request, context, caller in
      let name = try context.parameter("name")
      var request = request
      let form = try await request.decodeJSONIfPresent(LearnForm.self, limit: limit) ?? LearnForm()
      let minimumKept = form.minKept ?? 0.5
      guard minimumKept > 0 && minimumKept <= 1 else {
        throw SegmentaError(.invalidRequest, "min_kept takes a share in (0, 1]", field: "min_kept")
      }
      let workflow = LearnCampaignWorkflow(
        name: name, period: try APIInput.checked(form.period, field: "period"), minimumKept: minimumKept,
        applyTag: try APIInput.checked(form.applyTag, field: "apply_tag"))
      let output =
        workflow.applyTag == nil
        ? try await state.read(workflow, caller: caller, command: request.auditCommand)
        : try await state.write(workflow, caller: caller, command: request.auditCommand)
      return JSONBody.response(output)
    }
  }

  /// What an import of responses did, without the server's file path.
  struct Imported: Encodable, Sendable {
    var campaign: String
    var rowsRead: Int
    var stored: Int
    var targets: Int
    var controls: Int
    var skipped: [RowProblemReason: Int]
    var firstSkippedLine: [RowProblemReason: Int]

    init(_ output: ImportResponsesWorkflow.Output) {
      campaign = output.campaign
      rowsRead = output.rowsRead
      stored = output.stored
      targets = output.targets
      controls = output.controls
      skipped = output.skipped
      firstSkippedLine = output.firstSkippedLine
    }
  }
}
