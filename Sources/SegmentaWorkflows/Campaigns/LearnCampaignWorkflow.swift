import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta campaign learn`: what converters share, against the other targets (features of a
/// period, numeric customer columns that are not personal data, every applied tag), and the one
/// condition that raises conversion most while keeping enough converters; optionally stored as a
/// refined tag.
package struct LearnCampaignWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    package var campaign: String
    /// The wide-table period whose features were compared; nil when no wide table was built.
    package var period: String?
    package var learning: ConversionLearning
    /// The campaign's target rule (or the tag's own rule) with the refinement's condition added.
    package var refinedRule: String?
    /// The tag the refined rule was stored as.
    package var appliedTag: String?
  }

  /// The campaign.
  package var name: String
  /// The wide-table period of the features (default: the latest).
  package var period: String?
  /// The share of converters a refinement must keep, in (0, 1].
  package var minimumKept: Double
  /// Store the refined rule as (a new version of) this tag.
  package var applyTag: String?

  package init(name: String, period: String? = nil, minimumKept: Double = 0.5, applyTag: String? = nil) {
    self.name = name
    self.period = period
    self.minimumKept = minimumKept
    self.applyTag = applyTag
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    guard minimumKept > 0 && minimumKept <= 1 else {
      throw SegmentaError(.invalidRequest, "the share of converters to keep must lie in (0, 1], not \(minimumKept)")
    }
    let workspace = try context.workspace(for: applyTag == nil ? .read : .write)
    _ = try context.campaign(named: name, in: workspace)
    if applyTag != nil { try context.require(.editTags, to: "apply tags") }
    let (learning, usedPeriod) = try Self.learning(
      workspace: workspace, name: name, period: period, minimumKept: minimumKept)
    var refined: String?
    if let refinement = learning.refinement {
      refined = try Self.refinedRule(
        workspace: workspace, campaign: name, tag: applyTag ?? "", condition: refinement.condition)
    }
    if let applyTag {
      guard let rule = refined else {
        throw SegmentaError(
          .insufficientData,
          "no condition raises conversion while keeping \(Int(minimumKept * 100)) % of converters; nothing to apply")
      }
      let existing = try workspace.tags().first { $0.definition.name == applyTag }?.definition
      let definition = TagDefinition(
        name: applyTag, family: existing?.family, category: existing?.category ?? .business,
        label: existing?.label ?? FeatureLabel(zh: applyTag, en: applyTag),
        description: existing?.description ?? "Refined from campaign \(name).", rule: rule)
      _ = try DefineTagsWorkflow.define([definition], in: workspace, period: period, source: nil)
    }
    return Output(
      campaign: name, period: usedPeriod, learning: learning, refinedRule: refined, appliedTag: applyTag)
  }

  /// Compares the converters of campaign `name` with its other targets.
  static func learning(workspace: Workspace, name: String, period: String?, minimumKept: Double) throws(SegmentaError)
    -> (learning: ConversionLearning, period: String?)
  {
    let campaign = try workspace.campaign(named: name)
    guard campaign.responses > 0 else {
      throw SegmentaError(
        .missingPrerequisite,
        "campaign '\(name)' has no responses yet; import them with `segmenta campaign responses \(name) --input FILE`")
    }
    let responses = try workspace.campaignResponses(name)
    let targets = try workspace.campaignMembers(name).filter(\.isTarget).map(\.key)
    let converted = targets.map { responses[$0]?.converted ?? false }
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    var position: [Int64: Int] = [:]
    for (index, key) in data.keys.enumerated() { position[key] = index }
    let rows = targets.map { position[$0] }
    func pick<T>(_ values: [T], missing: T) -> [T] { rows.map { $0.map { values[$0] } ?? missing } }

    let features = try workspace.numericColumns(table: data.table, keys: data.keys).map { column in
      (column.name, column.label, pick(column.values, missing: .nan))
    }
    var tags: [(name: String, label: FeatureLabel, members: [Bool])] = []
    for tag in try workspace.tags() where tag.latest != nil {
      let members = try SegmentaError.catching { try data.tag(tag.definition.name) }
      tags.append((tag.definition.name, tag.definition.label, pick(members, missing: false)))
    }
    return (
      ConversionLearning(converted: converted, features: features, tags: tags, minimumKept: minimumKept), data.period
    )
  }

  /// The rule of a refined tag: the campaign's target rule (or, when the target is exactly
  /// `tag(NAME)` and the refined tag is NAME, that tag's own rule) and the refinement's condition.
  static func refinedRule(workspace: Workspace, campaign name: String, tag: String, condition: String)
    throws(SegmentaError) -> String
  {
    let target = try workspace.campaign(named: name).spec.target.trimmingCharacters(in: .whitespaces)
    var base = target
    if target == "tag(\(tag))" || target == "tag(\"\(tag)\")",
      let own = try workspace.tags().first(where: { $0.definition.name == tag })
    {
      base = own.definition.rule
    }
    return "(\(base)) and \(condition)"
  }
}
