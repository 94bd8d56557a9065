import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// The demo's campaign loop: create, select, export, simulated responses, evaluation, learning.
package enum DemoCampaign {
  /// What the loop produced.
  package struct Report: Sendable, Codable {
    package var selection: SelectCampaignWorkflow.Output
    /// The exported contact list's audit record.
    package var export: ExportRecord
    /// The simulated responses imported.
    package var responses: ImportResponsesWorkflow.Output
    package var evaluation: EvaluationOutput
    /// What separated converters from the other targets.
    package var learning: ConversionLearning
    /// The refined target rule, when learning found one.
    package var refinedRule: String?
  }

  /// Runs the loop in `folder` over the demo workspace (tags applied); nil when the data is too
  /// small to give both a target and a control group.
  static func run(_ context: WorkflowContext, folder: String, seed: UInt64) throws(SegmentaError) -> (
    report: Report, evaluation: ExperimentEvaluation
  )? {
    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    let workspace = try context.workspace()
    try SegmentaError.catching {
      try TextOutput.write(DemoSpecs.campaignYAML, to: .file(path("campaign.yaml")))
    }
    let spec = try CreateCampaignWorkflow(source: .spec(path: path("campaign.yaml"))).run(context).campaign
    let selection = try SelectCampaignWorkflow(name: spec.name).run(context)
    guard selection.selection.targets > 0 && selection.selection.controls > 0 else { return nil }
    let export = try ExportCampaignWorkflow(name: spec.name, out: path("stock_app_contacts.csv")).run(context).record

    // Simulated responses: interest from the stock_investor tag, a capable handset from mobile data use.
    let members = try workspace.campaignMembers(spec.name)
    let interested = Set(try workspace.tagMembers("stock_investor"))
    let table = try workspace.wideTable(period: nil)
    let dataUse = table.feature(named: "data_mb").map { feature in
      StoredWideTable.align(feature.values, from: table.customerKeys, to: members.map(\.key))
    }
    let ids = try workspace.customerIDs(keys: members.map(\.key))
    try SegmentaError.catching {
      let writer = try CSVWriter(
        path: path("responses.csv"), header: ["customer_id", "contacted_at", "reached", "converted", "revenue"])
      for (index, member) in members.enumerated() {
        let outcome = DemoResponses.outcome(
          interested: interested.contains(member.key), capable: (dataUse?[index] ?? 0) >= 10, seed: seed,
          index: UInt64(bitPattern: member.key))
        try writer.write([
          ids[index], "2024-04-02", outcome.reached ? "yes" : "no", outcome.converted ? "yes" : "no",
          outcome.converted ? String(outcome.revenue) : "",
        ])
      }
      try writer.close()
    }
    let responses = try ImportResponsesWorkflow(name: spec.name, path: path("responses.csv")).run(context)
    let evaluation = try EvaluateCampaignWorkflow(source: .campaign(spec.name)).run(context).evaluation
    let learning = try LearnCampaignWorkflow(name: spec.name).run(context).learning
    let refined = try learning.refinement.map { refinement throws(SegmentaError) in
      try LearnCampaignWorkflow.refinedRule(
        workspace: workspace, campaign: spec.name, tag: "stock_investor", condition: refinement.condition)
    }
    return (
      Report(
        selection: selection, export: export, responses: responses,
        evaluation: EvaluationOutput(evaluation, campaign: spec.name), learning: learning, refinedRule: refined),
      evaluation
    )
  }
}
