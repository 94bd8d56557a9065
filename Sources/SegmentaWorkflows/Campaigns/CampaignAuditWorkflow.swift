import SegmentaCore
import SegmentaStore

/// `segmenta campaign audit`: the export audit, oldest first.
///
/// Who exported which list (a campaign's contacts, a segmentation's members, a wide table, recommendations), when, how many rows, and whether
/// contacts were revealed. On the server, a user sees the exports of the campaigns they may see and their
/// own other exports; administrators see all.
package struct CampaignAuditWorkflow: Workflow {
  /// Only this campaign's exports (default: all).
  package var campaign: String?

  package init(campaign: String? = nil) {
    self.campaign = campaign
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> [ExportRecord] {
    let workspace = try context.workspace(for: .read)
    if let campaign { _ = try context.campaign(named: campaign, in: workspace) }
    let visible = Set(try workspace.campaigns().filter(context.maySee).map(\.spec.name))
    return try workspace.exportAudit(campaign: campaign).filter { record in
      record.kind == .campaign
        ? visible.contains(record.campaign) : context.allows(.manageUsers) || record.user == context.user
    }
  }
}
