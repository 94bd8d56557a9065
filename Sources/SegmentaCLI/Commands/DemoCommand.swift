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
      Writes customers.csv, calls.csv, messages.csv, data.csv, truth.csv (the planted groups) and \
      features.yaml to --out, creates a workspace there (or at --workspace), imports the customers and \
      builds the wide table. The same --seed always gives the same data.
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
    let output = Output(
      workspace: workspacePath, customers: customers, seed: seed, groupSizes: dataset.groupSizes,
      events: dataset.events,
      importSeconds: imported.seconds, wideTable: built, files: dataset.files,
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
    Console.out("Next: segmenta features describe --workspace \(workspacePath)")
    Console.out(
      "Demo done: \(Format.count(customers)) customers, \(Format.count(totalEvents)) events, \(built.features.count) features in \(Format.seconds(output.seconds))."
    )
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
