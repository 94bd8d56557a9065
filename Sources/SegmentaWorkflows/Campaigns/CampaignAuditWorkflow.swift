import SegmentaCore
import SegmentaStore

/// `segmenta campaign audit`: the export audit, oldest first: who exported which campaign, when,
/// how many rows, and whether contacts were revealed.
package struct CampaignAuditWorkflow: Workflow {
  /// Only this campaign's exports (default: all).
  package var campaign: String?

  package init(campaign: String? = nil) {
    self.campaign = campaign
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> [ExportRecord] {
    try context.workspace(for: .read).exportAudit(campaign: campaign)
  }
}
