import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta demo`: generates the demo dataset and runs the whole pipeline on it.
struct DemoCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Generate a realistic telecom dataset and run Segmenta on it from start to end.",
    discussion: """
      Writes customers.csv, calls.csv, messages.csv, data.csv, truth.csv (the planted groups), \
      features.yaml and profile.yaml to --out, creates a workspace there (or at --workspace), imports the \
      customers, builds the wide table, segments it (automatic k over 2..15, merged into 8 groups), \
      writes the HTML profile report and prints the adjusted Rand index against the planted groups. \
      Then it defines and applies the example tags (tags.yaml), recommends products from the example \
      catalogue (products.yaml, recommendations.csv) and runs the brief's campaign \
      (campaign.yaml): 1,000 stock investors against 1,000 random customers by SMS, an exported contact \
      list, simulated responses (responses.csv), the evaluation and what converters have in common. \
      Finally it writes 90 days of top-ups and bills (topups.csv), builds the value table, prints the 80/20 \
      line of spend and the top value tier's lifetime value. It also writes a second period (2024Q2: \
      customers-2024q2.csv, calls-2024q2.csv, messages-2024q2.csv, data-2024q2.csv, truth-2024q2.csv), not \
      imported, and prints the commands that refresh the segmentation on it and show the migration. \
      The same --seed always gives the same data, segments and campaign. With --ecommerce it generates an \
      online shop's browsing data instead (shoppers.csv, two quarters of page views, shopper-truth.csv), \
      builds both quarters from browsing.yaml, applies the e-mail list tags of email-tags.yaml and \
      compares the 9 × 3 lists and the focus-shift VIPs with what was planted. With --b2b it generates \
      --firms company customers instead (firms.csv, usage.csv, features.yaml, matrix.yaml in segmenta-b2b-demo \
      unless --out is given), makes a cube segmentation (industry × IT level × purchase factor), assesses it \
      with the example attractiveness × capability matrix and prints the top target segments.
      """)

  @Option(help: "Number of customers.")
  var customers = 100_000

  @Option(help: "Random seed.")
  var seed: UInt64 = 42

  @Option(help: "Folder for the generated files and the demo workspace.")
  var out = "segmenta-demo"

  @Option(help: "Workspace to use (default: OUT/segmenta.db). It is rebuilt from scratch.")
  var workspace: String?

  @Flag(help: "Generate an online shop's browsing data and build the e-mail lists instead.")
  var ecommerce = false

  @Flag(help: "Print the result as JSON on standard output.")
  var json = false

  @Flag(help: "Generate company customers and run the cube segmentation and the target matrix on them.")
  var b2b = false

  @Option(help: "Number of firms with --b2b.")
  var firms = 3_000

  func validate() throws {
    guard customers >= 10 else { throw ValidationError("--customers must be at least 10") }
    guard firms >= 100 else { throw ValidationError("--firms must be at least 100") }
  }

  func run() async throws {
    if ecommerce { return try runEcommerce() }
    if b2b { return try runB2B() }
    let workflow = DemoWorkflow(customers: customers, seed: seed, folder: out, workspacePath: workspace)
    let output = try workflow.run(WorkflowContext(workspacePath: workspace ?? "", progress: TerminalProgress()))
    if json { return try Console.json(output) }
    func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }

    let totalEvents = output.events.values.reduce(0, +)
    Console.out("Planted behaviour groups (from the brief's case):")
    Console.out(
      Format.table(
        ["group", "name", "customers", "share"],
        DemoGroup.all.map { group in
          let size = output.groupSizes[group.code] ?? 0
          return [
            group.code, "\(group.nameZH) / \(group.nameEN)", Format.count(size),
            String(format: "%.1f %%", Double(size) * 100 / Double(customers)),
          ]
        }, rightAligned: [2, 3]))
    Console.out()
    Console.out(
      "Files in \(out): \(output.dataFiles.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))")
    Console.out("Workspace: \(output.workspace)")
    let imported = output.imported
    Console.out(
      "Imported \(Format.count(imported?.inserted ?? 0)) customers with \(imported?.columns.count ?? 0) columns in \(Format.seconds(output.importSeconds))."
    )
    let built = output.wideTable
    Console.out(
      "Built period \(built.period.label): \(built.features.count) features from \(Format.count(built.period.eventsRead)) events in \(Format.seconds(built.seconds))."
    )
    Console.out()
    Console.out("Segments found (k chosen automatically, clusters merged into 8 groups):")
    SegmentCommand.printSummary(output.segmentation)
    Console.out()
    Console.out(String(format: "Adjusted Rand index against the planted groups: %.3f", output.adjustedRandIndex))
    Console.out("Profile report: \(output.report)")
    Console.out()
    Console.out("Tags from \(path("tags.yaml")) (the brief's \"3 + X\"), beyond the demographic core:")
    Console.out(
      Format.table(
        ["tag", "label", "category", "customers", "coverage"],
        output.tags.filter { $0.category != TagCategory.demographic.rawValue }.map { tag in
          [
            tag.name, "\(tag.label.zh) / \(tag.label.en)", tag.category, Format.count(tag.count),
            String(format: "%.1f %%", tag.coverage * 100),
          ]
        }, rightAligned: [3, 4]))
    Console.out(
      "Products (\(path("products.yaml"))): recommendations for \(Format.count(output.recommendations.recommended)) customers "
        + "in \(path("recommendations.csv")).")
    Console.out()
    if let campaign = output.campaign, let evaluation = output.campaignEvaluation {
      let selection = campaign.selection.selection
      Console.out(
        "Campaign stock_app (\(path("campaign.yaml"))): \(Format.count(selection.targets)) stock investors and "
          + "\(Format.count(selection.controls)) random customers, contacted by SMS; responses simulated "
          + "(\(path("responses.csv"))).")
      for line in EvaluationText.lines(evaluation, title: "Evaluation of campaign stock_app") { Console.out(line) }
      if let refinement = campaign.learning.refinement, let rule = campaign.refinedRule {
        Console.out(
          "Learned: among targets, `\(refinement.condition)` converts \(String(format: "%.1f %%", refinement.rate * 100)) "
            + "and keeps \(String(format: "%.0f %%", refinement.convertersKept * 100)) of converters; refined tag rule: \(rule)"
        )
      }
    } else {
      Console.out("Campaign stock_app skipped: \(Format.count(customers)) customers give no target and control group.")
    }
    if let churn = output.churn { Self.printChurn(churn) }
    Console.out()
    Self.printValue(output.value)
    Console.out()
    if let second = output.secondPeriod { Self.printSecondPeriod(second, folder: out, workspace: output.workspace) }
    Console.out()
    Console.out("Next: segmenta profile demo --format md --workspace \(output.workspace)")
    Console.out(
      "Demo done: \(Format.count(customers)) customers, \(Format.count(totalEvents)) events, \(built.features.count) features, "
        + "\(output.segmentation.segments) segments (ARI \(String(format: "%.3f", output.adjustedRandIndex))) in \(Format.seconds(output.seconds))."
    )
  }

  /// Prints what the second period's files hold and the commands that show the migration into it.
  static func printSecondPeriod(_ second: DemoDatasetWriter.SecondPeriodReport, folder: String, workspace: String) {
    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    func file(_ name: String) -> String { path(DemoDatasetWriter.secondPeriodFile(name)) }
    Console.out(
      "A second period, \(second.period), is in \(file("calls")), \(file("messages")) and \(file("data")) (not imported): "
        + "\(Format.count(second.changedGroup)) of the \(Format.count(second.staying)) staying customers change "
        + "behaviour, \(Format.count(second.leaving)) churners leave during it and \(Format.count(second.newCustomers)) "
        + "new customers join (\(file("customers"))); \(file("truth")) plants their groups. See the migration with:")
    Console.out("  segmenta import customers \(file("customers")) --workspace \(workspace)")
    Console.out(
      "  segmenta features build --spec \(path("features.yaml")) --events \(file("calls")) --events \(file("messages")) "
        + "--events \(file("data")) --period \(second.period) --as-of \(second.referenceDate) --workspace \(workspace)")
    Console.out(
      "  segmenta segment refresh demo --period \(second.period) --where 'recency_days <= 30' --workspace \(workspace)")
    Console.out("  segmenta segments migration demo --out \(path("movers.csv")) --workspace \(workspace)")
  }

  /// Prints the churn model the demo fitted on its planted churn outcome.
  static func printChurn(_ churn: DemoChurnSummary) {
    Console.out()
    Console.out(
      "Churn model (gradient-boosted trees on the wide table, label `churned`, \(churn.foldAUCs.count) folds): "
        + "\(Format.count(churn.churners)) churners of \(Format.count(churn.customers)) "
        + "(\(String(format: "%.1f %%", churn.churnRate * 100))); AUC \(Format.fixed(churn.auc, 3)), "
        + "top-decile lift \(Format.fixed(churn.topDecileLift, 2)) (\(Format.seconds(churn.seconds))); "
        + "`segmenta churn score` stores churn_score and the churn_risk bands.")
  }
}
