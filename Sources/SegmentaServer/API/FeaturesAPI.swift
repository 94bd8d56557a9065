import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// The wide table: statistics of every feature, and its export.
enum FeaturesAPI {
  /// Options of a wide-table export.
  struct ExportForm: Decodable {
    /// The period (default: the latest).
    var period: String?
  }

  static func register(_ routes: Routes, state: ServerState) {
    let limit = state.configuration.maxBodyBytes
    routes.add(
      .get, "/api/v1/features", .readDashboards,
      "Statistics of every feature of a period (`period`, default the latest) and every numeric customer column."
    ) { request, _, caller in
      let workflow = DescribeFeaturesWorkflow(period: try request.queryText("period"))
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/features/export", .exportData,
      "A period's wide table as a CSV download (customer_id and one column per feature); audited."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSONIfPresent(ExportForm.self, limit: limit) ?? ExportForm()
      let period = try APIInput.checked(form.period, field: "period")
      return try await CSVTransfer.download(
        filename: "features-\(period ?? "latest").csv", state: state, caller: caller, request: request
      ) { path in ExportFeaturesWorkflow(period: period, out: path) }
    }
  }
}
