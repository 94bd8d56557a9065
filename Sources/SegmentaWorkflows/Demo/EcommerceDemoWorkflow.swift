import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta demo --ecommerce`: generates an online shop's browsing data (two quarters of page views
/// with planted focus shifts), builds both quarters' wide tables from the shipped browsing spec, defines
/// and applies the e-mail list tags, and compares the lists and the focus-shift VIPs with what was
/// planted.
///
/// The same seed always gives the same data and lists. The demo workspace is rebuilt from scratch; a
/// workspace the demo did not create is never touched.
package struct EcommerceDemoWorkflow: Workflow {
  /// What the demo built and how it compares with what was planted.
  package struct Output: Sendable, Codable {
    package var workspace: String
    package var customers: Int
    package var seed: UInt64
    /// View rows per quarter.
    package var views: [Int]
    /// The two builds, first quarter first.
    package var periods: [BuildFeaturesWorkflow.Output]
    /// The 27 lists in category then band order.
    package var lists: [EmailList]
    /// Customers tagged `focus_shift_vip`.
    package var vips: Int
    /// Customers planted as VIPs: focus moved and at least 10 views in the second quarter.
    package var plantedVips: Int
    /// Customers whose focus category moved (planted), and those `focus_shift = 1` found.
    package var plantedShifts: Int
    package var shifts: Int
    /// Every file written.
    package var files: [String]
    package var seconds: Double
  }

  /// One e-mail list: a category and price band, its tag and sizes.
  package struct EmailList: Sendable, Codable, Equatable {
    package var category: String
    package var band: String
    package var tag: String
    /// Customers tagged.
    package var customers: Int
    /// Customers planted with this category (second quarter) and band.
    package var planted: Int
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
    try DemoWorkflow.checkFolder(folder)
    let generator = EcommerceDemoGenerator(customers: customers, seed: seed)
    let dataset = try SegmentaError.catching {
      try EcommerceDemoWriter.write(generator, to: folder) { done, total in
        context.progress.report(.amount("generating browsing data", done, of: total, unit: .items))
      }
    }
    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    let workspacePath = workspacePath ?? path("segmenta.db")
    let demo = try DemoWorkflow.demoContext(at: workspacePath, from: context)

    _ = try ImportCustomersWorkflow(path: path("shoppers.csv")).run(demo)
    var periods: [BuildFeaturesWorkflow.Output] = []
    for (index, quarter) in EcommerceDemoGenerator.periods.enumerated() {
      periods.append(
        try BuildFeaturesWorkflow(
          specPath: path("browsing.yaml"), eventPaths: [path(EcommerceDemoWriter.viewsFile(index))],
          period: quarter.label, asOf: quarter.firstDay + quarter.days
        ).run(demo))
    }
    _ = try DefineTagsWorkflow(source: .spec(path: path("email-tags.yaml"))).run(demo)
    let applied = try ApplyTagsWorkflow(period: EcommerceDemoGenerator.periods[1].label).run(demo)
    let counts = Dictionary(applied.tags.map { ($0.name, $0.count) }, uniquingKeysWith: { first, _ in first })
    var lists: [EmailList] = []
    for (category, categoryName) in EcommerceDemoGenerator.categories.enumerated() {
      for (band, bandName) in EcommerceDemoGenerator.bands.enumerated() {
        let tag = "email_list_\(categoryName)_\(bandName)"
        lists.append(
          EmailList(
            category: categoryName, band: bandName, tag: tag, customers: counts[tag] ?? 0,
            planted: dataset.plantedLists[EcommerceDemoWriter.listKey(category: category, band: band)] ?? 0))
      }
    }
    let shifts =
      try CheckRuleWorkflow(rule: "focus_shift = 1", period: EcommerceDemoGenerator.periods[1].label, count: true)
      .run(demo).matches ?? 0
    return Output(
      workspace: workspacePath, customers: customers, seed: seed, views: dataset.views, periods: periods,
      lists: lists, vips: counts["focus_shift_vip"] ?? 0, plantedVips: dataset.plantedVips,
      plantedShifts: dataset.plantedShifts, shifts: shifts, files: dataset.files,
      seconds: Date().timeIntervalSince(started))
  }
}
