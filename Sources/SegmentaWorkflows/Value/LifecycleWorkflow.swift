import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta value lifecycle`: each customer's lifecycle stage (new, growing, stable, declining,
/// lapsed) from tenure and the change of a usage feature between two wide-table periods, stored as
/// the segmentation `lifecycle` and defined as the tag family `lifecycle_new` … `lifecycle_lapsed`
/// (`tags apply` computes them), so rules, tags and campaigns can target movers.
package struct LifecycleWorkflow: Workflow {
  /// The tenure field (a number: months, by default).
  package var tenure: String
  /// The usage feature compared between the periods.
  package var usage: String
  /// The earlier period and the later one.
  package var previousPeriod: String
  package var currentPeriod: String
  package var rule: LifecycleRule
  /// The segmentation's name; the tags are `<name>_<stage>`.
  package var name: String

  package init(
    tenure: String, usage: String, previousPeriod: String, currentPeriod: String, rule: LifecycleRule = LifecycleRule(),
    name: String = "lifecycle"
  ) {
    self.tenure = tenure
    self.usage = usage
    self.previousPeriod = previousPeriod
    self.currentPeriod = currentPeriod
    self.rule = rule
    self.name = name
  }

  /// Customers per stage and where they were stored.
  package struct Output: Sendable, Codable, Equatable {
    package struct Stage: Sendable, Codable, Equatable {
      package var stage: LifecycleStage
      package var label: FeatureLabel
      package var customers: Int
      package var share: Double
      /// The tag that selects the stage.
      package var tag: String
    }
    package var segmentation: String
    package var version: Int
    package var rule: LifecycleRule
    package var stages: [Stage]
    /// Customers whose stage cannot be told (no usage in one of the periods, tenure unknown or not new).
    package var unknown: Int
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    guard rule.newTenure.isFinite, rule.change > 0, rule.change.isFinite, rule.lapsedAtMost.isFinite else {
      throw SegmentaError(
        .invalidRequest, "the change must be a positive number and the thresholds finite", field: "rule")
    }
    guard previousPeriod != currentPeriod else {
      throw SegmentaError(.invalidRequest, "compare two different periods", field: "previous_period")
    }
    let workspace = try context.workspace()
    context.progress.report(.status("lifecycle", "reading \(usage) in \(previousPeriod) and \(currentPeriod)"))
    let current = try WorkspaceRuleData(workspace: workspace, period: currentPeriod)
    let previous = try WorkspaceRuleData(workspace: workspace, period: previousPeriod)
    let tenures = try current.numbers(tenure, option: "tenure")
    let now = try current.numbers(usage, option: "usage")
    let before = try previous.numbers(usage, option: "usage")
    let stages = rule.stages(tenure: tenures, previous: before, current: now)
    let all = LifecycleStage.allCases
    let groups = stages.map { stage in stage.flatMap { all.firstIndex(of: $0) }.map(Int32.init) ?? -1 }
    context.progress.report(.status("lifecycle", "saving"))
    let version = try SegmentaError.catching {
      try ValueSegmentation.save(
        name: name, method: "lifecycle", workspace: workspace, keys: current.keys, groups: groups,
        labels: all.map(\.label),
        features: [
          (tenure, "customer", FeatureLabel(zh: tenure, en: tenure), tenures),
          (usage, "feature", FeatureLabel(zh: usage, en: usage), now),
        ],
        notes: [
          "stages from \(tenure) (new below \(rule.newTenure)) and the change of \(usage) from \(previousPeriod) to "
            + "\(currentPeriod) (± \(rule.change * 100) %; lapsed at \(rule.lapsedAtMost) or less)"
        ])
    }
    let definitions = all.map { stage in
      TagDefinition(
        name: "\(name)_\(stage.rawValue)", family: name, category: .business,
        label: FeatureLabel(zh: "生命周期：\(stage.label.zh)", en: "Lifecycle: \(stage.label.en)"),
        description: "Lifecycle stage \(stage.rawValue), from segmentation \(name).",
        rule: "segment(\(name)) = \"\(stage.label.en)\"")
    }
    _ = try DefineTagsWorkflow(source: .definitions(definitions, source: "the \(name) stages"), period: currentPeriod)
      .run(context)
    let counted = groups.filter { $0 >= 0 }.count
    return Output(
      segmentation: name, version: version, rule: rule,
      stages: all.enumerated().map { index, stage in
        let customers = groups.filter { $0 == Int32(index) }.count
        return Output.Stage(
          stage: stage, label: stage.label, customers: customers,
          share: counted > 0 ? Double(customers) / Double(counted) : 0, tag: "\(name)_\(stage.rawValue)")
      }, unknown: groups.count - counted)
  }
}
