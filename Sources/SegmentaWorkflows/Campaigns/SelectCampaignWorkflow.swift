import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta campaign select`: the customers the target rule selects, suppressed (opt-outs,
/// do-not-contact, dormant or void, no address, frequency cap) and then split at random into the
/// target and control groups, which are stored.
package struct SelectCampaignWorkflow: Workflow {
  /// Targets and controls of one stratum.
  package struct StratumCounts: Sendable, Codable, Equatable {
    package var targets: Int
    package var controls: Int
  }

  package struct Output: Sendable, Codable {
    package var campaign: String
    /// Customers in the workspace.
    package var customers: Int
    /// The wide-table period whose features the target rule read; nil when no wide table was built.
    package var period: String?
    /// The stored selection.
    package var selection: StoredSelection
    /// Targets and controls per stratum (1-based segment id) when stratified.
    package var strata: [Int: StratumCounts]?
  }

  /// The campaign.
  package var name: String
  /// The wide-table period whose features the target rule reads (default: the latest).
  package var period: String?
  /// The time the frequency cap counts back from.
  package var now: Date

  package init(name: String, period: String? = nil, now: Date = Date()) {
    self.name = name
    self.period = period
    self.now = now
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace()
    let spec = try context.campaign(named: name, in: workspace).spec
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    let truth = try SegmentaError.catching {
      let rule = try CompiledRule(spec.target, schema: data.schema)
      var evaluator = RuleEvaluator(data: data)
      return try evaluator.truth(rule)
    }
    let candidates = truth.indices.filter { truth[$0] == Truth.yes }
    let others = spec.control == .random ? truth.indices.filter { truth[$0] != Truth.yes } : nil
    let keys = data.keys

    let suppression = try Self.suppression(spec, workspace: workspace, keys: keys, now: now)
    let strata = try spec.stratifyBy.map { name throws(SegmentaError) in
      try SegmentaError.catching { try data.segments(name) }
    }
    let selection = CampaignSelection(
      candidates: candidates, exclusion: suppression.reason, strata: strata, controlShare: spec.controlShare,
      maximumTargets: spec.maximumTargets, randomPool: others, seed: spec.seed)
    var members: [CampaignMember] = []
    for row in selection.targets {
      members.append(CampaignMember(key: keys[row], isTarget: true, stratum: strata?[row]))
    }
    for row in selection.controls {
      members.append(CampaignMember(key: keys[row], isTarget: false, stratum: strata?[row]))
    }
    members.sort { $0.key < $1.key }
    let stored = try workspace.saveSelection(
      campaign: name, candidates: candidates.count, members: members, excluded: selection.excluded)
    var perStratum: [Int: StratumCounts]?
    if let strata {
      var counts: [Int: StratumCounts] = [:]
      for row in selection.targets {
        counts[Int(strata[row]), default: StratumCounts(targets: 0, controls: 0)].targets += 1
      }
      for row in selection.controls {
        counts[Int(strata[row]), default: StratumCounts(targets: 0, controls: 0)].controls += 1
      }
      perStratum = counts
    }
    return Output(campaign: name, customers: keys.count, period: data.period, selection: stored, strata: perStratum)
  }

  /// Whole seconds since 1970 of `now` (ISO 8601 `YYYY-MM-DDTHH:MM:SS`, as `--now` takes it), or of the current
  /// time when nil.
  package static func seconds(_ now: String?) throws(SegmentaError) -> Int64 {
    guard let now else { return Int64(Date().timeIntervalSince1970) }
    guard let seconds = ValueParser.withBytes(of: now, { ValueParser.parseTimestamp($0) }) else {
      throw SegmentaError(
        .invalidRequest, "--now takes a time as YYYY-MM-DDTHH:MM:SS (or a date YYYY-MM-DD), not '\(now)'",
        field: "now")
    }
    return seconds
  }

  /// Who `spec` must not contact among the customers with `keys`, and why.
  static func suppression(_ spec: CampaignSpec, workspace: Workspace, keys: [Int64], now: Date) throws(SegmentaError)
    -> SuppressionPolicy
  {
    let setup = try CampaignContactSetup(spec, workspace: workspace)
    let statuses = spec.excludedStatuses.isEmpty ? [:] : try workspace.contactStatuses()
    let excludedStatuses = Set(spec.excludedStatuses)
    var hasAddress: [Bool]?
    if let contact = setup.contact, let kind = spec.channel.address {
      let addresses = try workspace.customerText(columns: [contact.name], keys: keys)[contact.name] ?? []
      hasAddress = keys.indices.map { SuppressionPolicy.isUsable(addresses[$0], for: kind) }
    }
    var capped = [Bool](repeating: false, count: keys.count)
    if let cap = spec.frequencyCap {
      let since = CivilDate.isoString(seconds: Int64(now.timeIntervalSince1970) - Int64(cap.days) * 86_400) + "Z"
      let counts = try workspace.contactCounts(since: since)
      for (row, key) in keys.enumerated() {
        if let count = counts[key], count >= cap.contacts { capped[row] = true }
      }
    }
    return SuppressionPolicy(
      optedOut: try workspace.anyFlag(setup.optOut, keys: keys),
      doNotContact: try workspace.anyFlag([setup.doNotContact].compactMap { $0 }, keys: keys),
      excludedStatus: keys.map { key in statuses[key].map(excludedStatuses.contains) ?? false },
      hasAddress: hasAddress, capped: capped)
  }
}
