import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta demo`: generates the demo dataset and runs the whole loop on it: import, wide table,
/// segmentation (scored against the planted groups), profile report, tags, recommendations and the
/// brief's campaign on simulated responses.
///
/// The same seed always gives the same data, segments and campaign. The demo workspace is rebuilt
/// from scratch; a workspace the demo did not create is never touched.
package struct DemoWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    package var workspace: String
    package var customers: Int
    package var seed: UInt64
    /// Customers per planted group code.
    package var groupSizes: [String: Int]
    /// Event rows per event file.
    package var events: [String: Int]
    package var importSeconds: Double
    package var wideTable: BuildFeaturesWorkflow.Output
    package var segmentation: SegmentWorkflow.Output
    /// Adjusted Rand index between the segments and the planted groups.
    package var adjustedRandIndex: Double
    /// The HTML profile report.
    package var report: String
    package var tags: [TagApplyResult]
    package var recommendations: RecommendWorkflow.Output
    /// The campaign loop; nil when the data is too small for a target and a control group.
    package var campaign: DemoCampaign.Report?
    /// The value analysis of the generated top-ups.
    package var value: DemoValue.Report
    /// Every file written.
    package var files: [String]
    package var seconds: Double
    /// The generated data files (not part of the JSON, which lists every file).
    package var dataFiles: [String] = []
    /// Customers imported (not part of the JSON).
    package var imported: CustomerImportSummary?
    /// The campaign's evaluation, for its text form (not part of the JSON, which has its JSON form).
    package var campaignEvaluation: ExperimentEvaluation?
    /// The churn model fitted on the planted churn outcome and the scores it stored.
    package var churn: DemoChurnSummary?
    /// The files of a second period (not imported: `segment refresh` and `segments migration` show it).
    package var secondPeriod: DemoDatasetWriter.SecondPeriodReport?

    private enum CodingKeys: String, CodingKey {
      case workspace, customers, seed, groupSizes, events, importSeconds, wideTable, segmentation, adjustedRandIndex
      case report, tags, recommendations, campaign, value, files, seconds
      case churn, secondPeriod
    }
  }

  /// Number of customers to generate (at least 10).
  package var customers: Int
  package var seed: UInt64
  /// Folder for the generated files and, by default, the demo workspace.
  package var folder: String
  /// The workspace to (re)build (default: `folder/segmenta.db`).
  package var workspacePath: String?

  package init(
    customers: Int = 100_000, seed: UInt64 = 42, folder: String = "segmenta-demo", workspacePath: String? = nil
  ) {
    self.customers = customers
    self.seed = seed
    self.folder = folder
    self.workspacePath = workspacePath
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let started = Date()
    guard customers >= 10 else { throw SegmentaError(.invalidRequest, "the demo needs at least 10 customers") }
    let folder = folder
    try Self.checkFolder(folder)
    let generator = DemoGenerator(customers: customers, seed: seed)
    let dataset = try SegmentaError.catching {
      try DemoDatasetWriter.write(generator, to: folder) { done, total in
        context.progress.report(.amount("generating demo data", done, of: total, unit: .items))
      }
    }
    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    let workspacePath = workspacePath ?? path("segmenta.db")
    let demo = try Self.demoContext(at: workspacePath, from: context)
    let store = try demo.workspace()

    let imported = try ImportCustomersWorkflow(path: path("customers.csv")).run(demo)
    let eventFiles = DemoDatasetWriter.eventFiles.map { path($0.name) }
    let built = try BuildFeaturesWorkflow(specPath: path("features.yaml"), eventPaths: eventFiles, period: "2024Q1")
      .run(demo)

    var options = SegmentationOptions(groups: 8, seed: seed)
    options.kRange = 2...15
    let segmentation = try SegmentWorkflow(
      name: "demo", period: "2024Q1", features: .named(DemoSpecs.segmentationFeatures), options: options
    ).run(demo)
    let stored = try store.segmentation(named: "demo", version: segmentation.version)
    let ari = try Self.adjustedRandIndex(truth: path("truth.csv"), segmentation: stored, workspace: store)
    try SegmentaError.catching {
      try TextOutput.write(DemoSpecs.profileYAML, to: .file(path("profile.yaml")))
      // The built-in playbook, as a starting point for one's own.
      try TextOutput.write(DemoSpecs.telecomPlaybookYAML, to: .file(path("telecom-playbook.yaml")))
    }
    let reportPath = path("segments.html")
    _ = try ProfileWorkflow(name: "demo", specPath: path("profile.yaml"), format: .html, out: reportPath).run(demo)

    // Tags: the example spec, defined and applied.
    try SegmentaError.catching {
      try TextOutput.write(DemoSpecs.tagsYAML, to: .file(path("tags.yaml")))
      try TextOutput.write(DemoSpecs.productsYAML, to: .file(path("products.yaml")))
    }
    _ = try DefineTagsWorkflow(source: .spec(path: path("tags.yaml"))).run(demo)
    let tags = try ApplyTagsWorkflow().run(demo)
    _ = try DefineProductsWorkflow(source: .catalog(path: path("products.yaml"))).run(demo)
    let recommendations = try RecommendWorkflow(top: 3, out: path("recommendations.csv")).run(demo)
    demo.progress.report(.status("running the demo campaign", "select, export, responses, evaluation"))
    let campaign = try DemoCampaign.run(demo, folder: folder, seed: seed)
    let value = try DemoValue.run(demo, generator: generator, folder: folder)
    let churn = try DemoChurn.run(demo, period: "2024Q1", seed: seed)
    // A second period's data, written beside the first and left for the user to import: a share of the
    // customers change behaviour, the churners leave and new customers join.
    demo.progress.report(.status("generating a second period", DemoGenerator.secondPeriod))
    let second = try SegmentaError.catching { try DemoDatasetWriter.writeSecondPeriod(generator, to: folder) }

    return Output(
      workspace: workspacePath, customers: customers, seed: seed, groupSizes: dataset.groupSizes,
      events: dataset.events, importSeconds: imported.seconds, wideTable: built, segmentation: segmentation,
      adjustedRandIndex: ari, report: reportPath, tags: tags.tags, recommendations: recommendations,
      campaign: campaign?.report, value: value,
      files: dataset.files + [
        path("profile.yaml"), path("telecom-playbook.yaml"), path("tags.yaml"), path("products.yaml"),
        path("recommendations.csv"), path("campaign.yaml"),
        path("stock_app_contacts.csv"), path("responses.csv"), reportPath, value.file,
      ] + second.files,
      seconds: Date().timeIntervalSince(started), dataFiles: dataset.files, imported: imported.summary,
      campaignEvaluation: campaign?.evaluation, churn: DemoChurnSummary(churn), secondPeriod: second)
  }

  /// The adjusted Rand index between the planted groups in `truth` and the segments.
  static func adjustedRandIndex(truth: String, segmentation: StoredSegmentation, workspace: Workspace)
    throws(SegmentaError) -> Double
  {
    let planted = try SegmentaError.catching {
      let reader = try CSVReader(path: truth)
      var planted: [String: String] = [:]
      while try reader.next() { planted[reader.string(at: 0)] = reader.string(at: 1) }
      return planted
    }
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

  /// Refuses a folder that holds files the demo did not write: it writes customers.csv, calls.csv and
  /// more there, and must never overwrite someone's own files of those names.
  static func checkFolder(_ folder: String) throws(SegmentaError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { return }
    guard isDirectory.boolValue else {
      throw SegmentaError(.invalidRequest, "--out '\(folder)' is a file; the demo needs a folder (new or its own)")
    }
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    guard !entries.isEmpty else { return }
    let marker = (folder as NSString).appendingPathComponent("segmenta.db")
    let isDemo = (try? Workspace.open(at: marker, for: .read).info("purpose")) == "demo"
    guard isDemo else {
      throw SegmentaError(
        .conflict,
        "folder '\(folder)' holds files the demo did not write, which it would overwrite; choose a new folder with --out"
      )
    }
  }

  /// A new demo workspace at `path` (a previous demo workspace there is replaced) and the context the
  /// demo's steps run in, as user "demo" with `context`'s progress.
  static func demoContext(at path: String, from context: WorkflowContext) throws(SegmentaError) -> WorkflowContext {
    try resetDemoWorkspace(at: path)
    let (store, _) = try Workspace.create(at: path)
    try store.setInfo("purpose", "demo")
    return WorkflowContext(workspace: store, progress: context.progress, user: "demo", command: context.command)
  }

  /// Removes a previous demo workspace at `path`; refuses to touch any other workspace.
  static func resetDemoWorkspace(at path: String) throws(SegmentaError) {
    guard FileManager.default.fileExists(atPath: path) else { return }
    let existing = try Workspace.open(at: path)
    guard try existing.info("purpose") == "demo" else {
      throw SegmentaError(
        .conflict, "'\(path)' is a workspace that the demo did not create; choose another --workspace or --out")
    }
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: path + suffix)
    }
  }
}
