import Foundation
import SegmentaCore
import SegmentaStore

extension DemoSpecs {
  /// The demo campaign (written to the demo folder as campaign.yaml): the brief's case, stock
  /// investors against as many random customers, both contacted by SMS.
  public static let campaignYAML = #"""
    # The brief's campaign: a stock-trading app offered by SMS to 1,000 customers tagged
    # stock_investor, against 1,000 random other customers contacted the same way.
    name: stock_app
    product: 股票通 app
    offer: 首月免费 / first month free
    target: tag(stock_investor)
    channel: sms
    budget: 1000
    cost_per_contact: 0.5
    value_per_conversion: 30
    control: random
    control_share: 0.5
    max_targets: 1000
    seed: 2024
    frequency_cap: {contacts: 2, days: 30}

    """#
}

/// The demo's campaign loop: create, select, export, simulated responses, evaluation, learning.
public enum DemoCampaign {
  /// What the loop produced.
  public struct Report: Sendable, Codable {
    /// The selection.
    public var selection: CampaignPipeline.SelectionReport
    /// The exported contact list.
    public var export: ExportRecord
    /// The simulated responses imported.
    public var responses: ResponseImport.Report
    /// The evaluation.
    public var evaluation: EvaluationOutput
    /// What separated converters from the other targets.
    public var learning: ConversionLearning
    /// The refined target rule, when learning found one.
    public var refinedRule: String?
  }

  /// Runs the loop in `folder` over the demo workspace (tags applied); nil when the data is too
  /// small to give both a target and a control group.
  public static func run(workspace: Workspace, folder: String, seed: UInt64) throws -> (
    report: Report, evaluation: ExperimentEvaluation
  )? {
    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    try DemoSpecs.campaignYAML.write(toFile: path("campaign.yaml"), atomically: true, encoding: .utf8)
    let spec = try CampaignSpecParser.load(path: path("campaign.yaml"))
    try CampaignPipeline.create(spec, workspace: workspace)
    let selection = try CampaignPipeline.select(workspace: workspace, name: spec.name)
    guard selection.selection.targets > 0 && selection.selection.controls > 0 else { return nil }
    let export = try CampaignPipeline.export(
      workspace: workspace, name: spec.name, path: path("stock_app_contacts.csv"), reveal: false, user: "demo"
    ).record

    // Simulated responses: interest from the stock_investor tag, a capable handset from mobile data use.
    let members = try workspace.campaignMembers(spec.name)
    let interested = Set(try workspace.tagMembers("stock_investor"))
    let table = try workspace.wideTable(period: nil)
    let dataUse = table.feature(named: "data_mb").map { feature in
      Workspace.align(feature.values, from: table.customerKeys, to: members.map(\.key))
    }
    let ids = try workspace.customerIDs(keys: members.map(\.key))
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
    let responses = try ResponseImport.run(
      workspace: workspace, campaign: spec.name, path: path("responses.csv"), skipBadRows: false)
    let evaluation = try CampaignPipeline.evaluate(workspace: workspace, name: spec.name)
    let learning = try CampaignPipeline.learn(workspace: workspace, name: spec.name)
    let refined = try learning.refinement.map { refinement in
      try CampaignPipeline.refinedRule(
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
