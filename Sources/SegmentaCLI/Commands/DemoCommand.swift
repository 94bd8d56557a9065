import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaFormats
import SegmentaStore

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
      The same --seed always gives the same data, segments and campaign.
      """)

  @Option(help: "Number of customers.")
  var customers = 100_000

  @Option(help: "Random seed.")
  var seed: UInt64 = 42

  @Option(help: "Folder for the generated files and the demo workspace.")
  var out = "segmenta-demo"

  @Option(help: "Workspace to use (default: OUT/segmenta.db). It is rebuilt from scratch.")
  var workspace: String?

  @Flag(help: "Print the result as JSON on standard output.")
  var json = false

  struct Output: Codable {
    var workspace: String
    var customers: Int
    var seed: UInt64
    var groupSizes: [String: Int]
    var events: [String: Int]
    var importSeconds: Double
    var wideTable: WideTableBuild.Report
    var segmentation: SegmentationRun.Summary
    var adjustedRandIndex: Double
    var report: String
    var tags: [TagApplyResult]
    var recommendations: RecommendPipeline.Report
    var campaign: DemoCampaign.Report?
    var files: [String]
    var seconds: Double
  }

  func validate() throws {
    guard customers >= 10 else { throw ValidationError("--customers must be at least 10") }
  }

  func run() async throws {
    let started = Date()
    let generator = DemoGenerator(customers: customers, seed: seed)
    let generation = Progress("generating demo data")
    let dataset = try DemoDatasetWriter.write(generator, to: out) { done, total in
      generation.update(done, of: total, bytes: false)
    }
    Progress.clear()
    func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
    let workspacePath = workspace ?? path("segmenta.db")
    try Self.resetDemoWorkspace(at: workspacePath)
    let (store, _) = try Workspace.create(at: workspacePath)
    try store.setInfo("purpose", "demo")

    let importProgress = Progress("importing customers")
    let imported = try CustomerFileImport.run(
      workspace: store, path: path("customers.csv"), dialect: CSVDialect(), options: CustomerImportOptions(),
      rejectsPath: nil,
      progress: { phase, done, total in importProgress.update(done, of: total, detail: phase.rawValue) })
    Progress.clear()
    let eventFiles = DemoDatasetWriter.eventFiles.map { path($0.name) }
    let buildProgress = Progress("building wide table")
    let built = try WideTableBuild.run(
      workspace: store,
      request: WideTableBuild.Request(specPath: path("features.yaml"), eventPaths: eventFiles, period: "2024Q1")
    ) { index, done, total in
      buildProgress.update(done, of: total, detail: "(\((eventFiles[index] as NSString).lastPathComponent))")
    }
    Progress.clear()

    let segmenting = Progress("segmenting")
    var options = SegmentationOptions(groups: 8, seed: seed)
    options.kRange = 2...15
    let segmentation = try SegmentationRun.run(
      workspace: store,
      request: SegmentationRun.Request(
        name: "demo", period: "2024Q1", features: .named(DemoSpecs.segmentationFeatures), options: options)
    ) { segmenting.status($0) }
    Progress.clear()
    let stored = try store.segmentation(named: "demo", version: segmentation.version)
    let ari = try Self.adjustedRandIndex(truth: path("truth.csv"), segmentation: stored, workspace: store)
    try DemoSpecs.profileYAML.write(toFile: path("profile.yaml"), atomically: true, encoding: .utf8)
    // The built-in playbook, as a starting point for one's own.
    try DemoSpecs.telecomPlaybookYAML.write(toFile: path("telecom-playbook.yaml"), atomically: true, encoding: .utf8)
    let report = try SegmentReportBuilder.build(
      workspace: store, segmentation: stored, spec: ProfileSpecParser.load(path: path("profile.yaml")))
    let reportPath = path("segments.html")
    try Data(HTMLReport.render(report).utf8).write(to: URL(fileURLWithPath: reportPath), options: .atomic)

    // Tags: the example spec, defined and applied.
    try DemoSpecs.tagsYAML.write(toFile: path("tags.yaml"), atomically: true, encoding: .utf8)
    try TagPipeline.define(TagSpecParser.load(path: path("tags.yaml")), workspace: store)
    let tagging = Progress("applying tags")
    let tags = try TagPipeline.apply(workspace: store) { done, total, name in
      tagging.update(done, of: total, detail: name, bytes: false)
    }
    Progress.clear()
    try DemoSpecs.productsYAML.write(toFile: path("products.yaml"), atomically: true, encoding: .utf8)
    try RecommendPipeline.define(ProductCatalogParser.load(path: path("products.yaml")), workspace: store)
    let recommendations = try RecommendPipeline.recommend(
      workspace: store, top: 3, path: path("recommendations.csv"))
    let campaigning = Progress("running the demo campaign")
    campaigning.status("select, export, responses, evaluation")
    let campaign = try DemoCampaign.run(workspace: store, folder: out, seed: seed)
    Progress.clear()

    let output = Output(
      workspace: workspacePath, customers: customers, seed: seed, groupSizes: dataset.groupSizes,
      events: dataset.events,
      importSeconds: imported.seconds, wideTable: built, segmentation: segmentation, adjustedRandIndex: ari,
      report: reportPath, tags: tags.results, recommendations: recommendations, campaign: campaign?.report,
      files: dataset.files + [
        path("profile.yaml"), path("telecom-playbook.yaml"), path("tags.yaml"), path("products.yaml"),
        path("recommendations.csv"), path("campaign.yaml"),
        path("stock_app_contacts.csv"), path("responses.csv"), reportPath,
      ],
      seconds: Date().timeIntervalSince(started))
    if json { return try Console.json(output) }

    let totalEvents = dataset.events.values.reduce(0, +)
    Console.out("Planted behaviour groups (from the brief's case):")
    Console.out(
      Format.table(
        ["group", "name", "customers", "share"],
        DemoGroup.all.map { group in
          let size = dataset.groupSizes[group.code] ?? 0
          return [
            group.code, "\(group.nameZH) / \(group.nameEN)", Format.count(size),
            String(format: "%.1f %%", Double(size) * 100 / Double(customers)),
          ]
        }, rightAligned: [2, 3]))
    Console.out()
    Console.out("Files in \(out): \(dataset.files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))")
    Console.out("Workspace: \(workspacePath)")
    Console.out(
      "Imported \(Format.count(imported.summary.inserted)) customers with \(imported.summary.columns.count) columns in \(Format.seconds(imported.seconds))."
    )
    Console.out(
      "Built period \(built.period.label): \(built.features.count) features from \(Format.count(built.period.eventsRead)) events in \(Format.seconds(built.seconds))."
    )
    Console.out()
    Console.out("Segments found (k chosen automatically, clusters merged into 8 groups):")
    SegmentCommand.printSummary(segmentation, names: stored.displayNames)
    Console.out()
    Console.out(String(format: "Adjusted Rand index against the planted groups: %.3f", ari))
    Console.out("Profile report: \(reportPath)")
    Console.out()
    Console.out("Tags from \(path("tags.yaml")) (the brief's \"3 + X\"), beyond the demographic core:")
    Console.out(
      Format.table(
        ["tag", "label", "category", "customers", "coverage"],
        tags.results.filter { $0.category != TagCategory.demographic.rawValue }.map { tag in
          [
            tag.name, "\(tag.label.zh) / \(tag.label.en)", tag.category, Format.count(tag.count),
            String(format: "%.1f %%", tag.coverage * 100),
          ]
        }, rightAligned: [3, 4]))
    Console.out(
      "Products (\(path("products.yaml"))): recommendations for \(Format.count(recommendations.recommended)) customers "
        + "in \(path("recommendations.csv")).")
    Console.out()
    if let campaign {
      Self.printCampaign(campaign, folder: out)
    } else {
      Console.out("Campaign stock_app skipped: \(Format.count(customers)) customers give no target and control group.")
    }
    Console.out()
    Console.out("Next: segmenta profile demo --format md --workspace \(workspacePath)")
    Console.out(
      "Demo done: \(Format.count(customers)) customers, \(Format.count(totalEvents)) events, \(built.features.count) features, "
        + "\(segmentation.segments) segments (ARI \(String(format: "%.3f", ari))) in \(Format.seconds(output.seconds))."
    )
  }

  /// Prints the demo campaign: groups, evaluation, what was learned.
  static func printCampaign(_ campaign: (report: DemoCampaign.Report, evaluation: ExperimentEvaluation), folder: String)
  {
    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    let selection = campaign.report.selection.selection
    Console.out(
      "Campaign stock_app (\(path("campaign.yaml"))): \(Format.count(selection.targets)) stock investors and "
        + "\(Format.count(selection.controls)) random customers, contacted by SMS; responses simulated "
        + "(\(path("responses.csv"))).")
    for line in EvaluationText.lines(campaign.evaluation, title: "Evaluation of campaign stock_app") {
      Console.out(line)
    }
    if let refinement = campaign.report.learning.refinement, let rule = campaign.report.refinedRule {
      Console.out(
        "Learned: among targets, `\(refinement.condition)` converts \(String(format: "%.1f %%", refinement.rate * 100)) "
          + "and keeps \(String(format: "%.0f %%", refinement.convertersKept * 100)) of converters; refined tag rule: \(rule)"
      )
    }
  }

  /// The adjusted Rand index between the planted groups in `truth` and the segments.
  static func adjustedRandIndex(truth: String, segmentation: StoredSegmentation, workspace: Workspace) throws -> Double
  {
    let reader = try CSVReader(path: truth)
    var planted: [String: String] = [:]
    while try reader.next() { planted[reader.string(at: 0)] = reader.string(at: 1) }
    let ids = try workspace.customerIDs(keys: segmentation.customerKeys)
    var truthLabels: [String] = []
    var found: [Int32] = []
    for (index, id) in ids.enumerated() {
      guard let group = planted[id] else { continue }
      truthLabels.append(group)
      found.append(segmentation.groups[index])
    }
    return ClusterQuality.adjustedRandIndex(truthLabels, found)
  }

  /// Removes a previous demo workspace at `path`; refuses to touch any other workspace.
  static func resetDemoWorkspace(at path: String) throws {
    guard FileManager.default.fileExists(atPath: path) else { return }
    let existing = try Workspace.open(at: path)
    guard try existing.info("purpose") == "demo" else {
      throw ValidationError(
        "'\(path)' is a workspace that the demo did not create; choose another --workspace or --out")
    }
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: path + suffix)
    }
  }
}
