import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// The workspace at a glance, its wide-table periods and the export audit.
enum WorkspaceAPI {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .get, "/api/v1/status", .readDashboards,
      "What the workspace holds: customers, columns, periods, segmentations, tags, products, campaigns, users."
    ) { request, _, caller in
      JSONBody.response(try await state.read(WorkspaceStatusWorkflow(), caller: caller, command: request.auditCommand))
    }
    routes.list("/api/v1/periods", .readDashboards, "The stored wide-table periods, oldest first.", state: state) { _ in
      ListPeriodsWorkflow()
    }
    routes.list(
      "/api/v1/audit", .exportData,
      "The export audit, oldest first (`campaign` for one campaign's): the exports of the campaigns the caller "
        + "may see and their own other exports; administrators see all.", state: state
    ) { request in CampaignAuditWorkflow(campaign: try request.queryText("campaign")) }
  }
}
