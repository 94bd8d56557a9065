import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta campaign create`: checks a campaign spec against the workspace (the target rule, the
/// stratifying segmentation, the opt-out and contact columns) and stores it.
package struct CreateCampaignWorkflow: Workflow {
  /// Where the campaign comes from.
  package enum Source: Sendable {
    /// A campaign spec (YAML, docs/campaigns.md).
    case spec(path: String)
    /// A spec already parsed.
    case campaign(CampaignSpec)
  }

  /// The stored campaign and the period its target rule was checked against.
  package struct Output: Sendable, Codable {
    package var campaign: CampaignSpec
    /// The wide-table period whose features the target rule was checked against; nil when none was built.
    package var period: String?
  }

  package var source: Source
  /// The wide-table period whose features the target rule is checked against (default: the latest).
  package var period: String?

  package init(source: Source, period: String? = nil) {
    self.source = source
    self.period = period
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace()
    let spec: CampaignSpec
    switch source {
    case .spec(let path): spec = try SegmentaError.catching { try CampaignSpecParser.load(path: path) }
    case .campaign(let given): spec = given
    }
    // Re-creating replaces an unselected campaign's spec; never that of a campaign the user may not see.
    if let existing = try workspace.campaigns().first(where: { $0.spec.name == spec.name }), !context.maySee(existing) {
      throw SegmentaError(.conflict, "the campaign name '\(spec.name)' is taken; choose another", field: "name")
    }
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    do {
      _ = try CompiledRule(spec.target, schema: data.schema)
    } catch {
      throw SegmentaError(
        .invalidRule, "the target rule of campaign '\(spec.name)' \(error.description)", position: error.position)
    }
    if let segmentation = spec.stratifyBy, data.schema.segmentations[segmentation] == nil {
      throw SegmentaError(
        .notFound, "stratify_by names segmentation '\(segmentation)', which the workspace does not have")
    }
    _ = try CampaignContactSetup(spec, workspace: workspace)
    try workspace.createCampaign(spec, owner: context.user)
    return Output(campaign: spec, period: data.period)
  }
}
