import SegmentaCore
import SegmentaStore

/// `segmenta campaign list`: every campaign by name, with its selection, exports and responses.
package struct ListCampaignsWorkflow: Workflow {
  /// One campaign's line.
  package struct Entry: Sendable, Codable {
    package var name: String
    package var product: String
    package var channel: String
    /// The target rule.
    package var target: String
    package var createdAt: String
    /// The selection, once made.
    package var selection: StoredSelection?
    /// Exports made so far.
    package var exports: Int
    /// Responses imported so far.
    package var responses: Int
  }

  package init() {}

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> [Entry] {
    try context.workspace(for: .read).campaigns().map { campaign in
      Entry(
        name: campaign.spec.name, product: campaign.spec.product, channel: campaign.spec.channel.rawValue,
        target: campaign.spec.target, createdAt: campaign.createdAt, selection: campaign.selection,
        exports: campaign.exports, responses: campaign.responses)
    }
  }
}
