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
    /// Who created it.
    package var owner: String
    /// The selection, once made.
    package var selection: StoredSelection?
    /// Exports made so far.
    package var exports: Int
    /// Responses imported so far.
    package var responses: Int
  }

  package init() {}

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> [Entry] {
    try context.workspace(for: .read).campaigns().filter(context.maySee).map(Entry.init)
  }
}

extension ListCampaignsWorkflow.Entry {
  init(_ campaign: StoredCampaign) {
    self.init(
      name: campaign.spec.name, product: campaign.spec.product, channel: campaign.spec.channel.rawValue,
      target: campaign.spec.target, createdAt: campaign.createdAt, owner: campaign.owner, selection: campaign.selection,
      exports: campaign.exports, responses: campaign.responses)
  }
}

/// One campaign the user may see: its spec, selection, exports and responses.
package struct ShowCampaignWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    package var campaign: ListCampaignsWorkflow.Entry
    package var spec: CampaignSpec
  }

  package var name: String

  package init(name: String) {
    self.name = name
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let campaign = try context.campaign(named: name, in: try context.workspace(for: .read))
    return Output(campaign: ListCampaignsWorkflow.Entry(campaign), spec: campaign.spec)
  }
}
