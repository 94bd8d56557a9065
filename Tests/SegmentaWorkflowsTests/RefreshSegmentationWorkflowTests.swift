import Foundation
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Refresh and migration: a stored model on a new period, and the flows between versions")
struct RefreshSegmentationWorkflowTests {
  /// Means of four planted groups on four features, far apart, each skewed by a log-normal factor.
  static let means: [[Double]] = [[5, 200, 3, 40], [120, 15, 60, 5], [40, 60, 400, 20], [300, 300, 10, 90]]

  /// `count` customers with features a…d in two periods (columns `a1`… and `a2`…).
  ///
  /// In the second period every seventh customer takes the next group's behaviour, and `active2` is 0 for
  /// every eleventh. A share
  /// `missing` of the values is missing, so that the refresh fills them with the stored medians.
  static func customersCSV(count: Int, first: Int = 0, missing: Double = 0.02) -> String {
    var rng = SplitMix64(seed: 77)
    var lines = ["customer_id,a1,b1,c1,d1,a2,b2,c2,d2,active2"]
    for index in first..<(first + count) {
      let group = index % 4
      let moved = index % 7 == 3 ? (group + 1) % 4 : group
      func values(_ group: Int) -> [String] {
        Self.means[group].map { mean in
          let value = mean * rng.nextLogNormal(mu: 0, sigma: 0.35)
          return rng.nextUnit() < missing ? "" : String(format: "%.3f", value)
        }
      }
      lines.append(
        "C\(index)," + (values(group) + values(moved)).joined(separator: ",") + ",\(index % 11 == 5 ? 0 : 1)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Builds period `label` with features a…d read from the customer columns with `suffix`.
  static func buildPeriod(
    _ label: String, suffix: String, features: [String] = ["a", "b", "c", "d"], in directory: TemporaryDirectory,
    context: WorkflowContext
  ) throws {
    let spec = directory.write(
      "\(label).yaml",
      "features:\n" + features.map { "  - name: \($0)\n    customer: \($0)\(suffix)\n" }.joined())
    _ = try BuildFeaturesWorkflow(specPath: spec, eventPaths: [], period: label).run(context)
  }

  /// A workspace with `count` customers, period P1 and the segmentation `usage` fitted on it.
  static func segmented(
    _ directory: TemporaryDirectory, count: Int = 1_200, sampleLimit: Int = 2_000_000, file: Bool = false,
    missing: Double = 0.02
  ) throws -> WorkflowContext {
    let context = file ? try makeFileContext(directory) : try makeContext()
    try importCSV(customersCSV(count: count, missing: missing), into: context, directory: directory)
    try buildPeriod("P1", suffix: "1", in: directory, context: context)
    var options = SegmentationOptions(groups: 3, seed: 11, sampleLimit: sampleLimit)
    options.kRange = 2...6
    options.startSample = 300
    _ = try SegmentWorkflow(
      name: "usage", period: "P1", features: .named(["a", "b", "c", "d"]), options: options
    ).run(context)
    return context
  }

  @Test(
    "refresh on the training period reproduces the stored clusters and segments exactly",
    arguments: [2_000_000, 500])
  func reproducesTrainingLabels(sampleLimit: Int) throws {
    let directory = TemporaryDirectory()
    let context = try Self.segmented(directory, count: 1_500, sampleLimit: sampleLimit)
    _ = try RenameSegmentWorkflow(name: "usage", segment: 1, label: "大组 / Big").run(context)
    let progress = RecordingProgress()
    var watched = context
    watched.progress = progress
    let output = try RefreshSegmentationWorkflow(name: "usage", period: "P1").run(watched)
    let workspace = try store(context)
    let trained = try workspace.segmentation(named: "usage", version: 1)
    let refreshed = try workspace.segmentation(named: "usage", version: 2)
    #expect(output.version == 2 && output.refreshes == 1 && output.period == "P1" && output.leftOut == 0)
    #expect(refreshed.refreshes == 1 && refreshed.period == "P1")
    #expect(refreshed.customerKeys == trained.customerKeys)
    #expect(refreshed.clusters == trained.clusters)
    #expect(refreshed.groups == trained.groups)
    #expect(refreshed.model.groupSizes == trained.model.groupSizes)
    #expect(
      refreshed.model.centres == trained.model.centres && refreshed.model.preprocessing == trained.model.preprocessing)
    #expect(output.migration.stayersShare == 1 && output.migration.movers == 0 && output.migration.entries == 0)
    #expect(refreshed.customNames[1] == FeatureLabel(zh: "大组", en: "Big"))
    #expect(abs(output.meanSquaredDistance - output.fitMeanSquaredDistance) < 1e-3 * output.fitMeanSquaredDistance)
    #expect(progress.recorded.contains { $0.step == "refreshing usage" })
    #expect(try workspace.segmentationVersions().map(\.refreshes) == [nil, 1])
  }

  @Test(
    "refresh on a new period: movers, entries, exits with --where, the movers file, and rules on the previous assignment"
  )
  func newPeriod() throws {
    let directory = TemporaryDirectory()
    // Without missing values, so that each planted group is exactly one segment in both periods.
    let context = try Self.segmented(directory, file: true, missing: 0)
    // Customers who join after the first period, then the second period of everyone.
    try importCSV(
      Self.customersCSV(count: 60, first: 1_200, missing: 0), into: context, directory: directory, name: "new.csv")
    try Self.buildPeriod("P2", suffix: "2", in: directory, context: context)
    let output = try RefreshSegmentationWorkflow(name: "usage", period: "P2", rule: "active2 = 1").run(context)
    let inactive = (0..<1_260).filter { $0 % 11 == 5 }
    #expect(output.leftOut == inactive.count && output.customers == 1_260 - inactive.count)
    let migration = output.migration
    #expect(migration.entries == (1_200..<1_260).filter { $0 % 11 != 5 }.count)
    #expect(migration.exits == inactive.filter { $0 < 1_200 }.count)
    #expect(migration.common == 1_200 - migration.exits)

    let movers = directory.file("movers.csv")
    let shown = try SegmentMigrationWorkflow(name: "usage", out: movers).run(context)
    #expect(shown.from.version == 1 && shown.to.version == 2 && shown.linked && shown.file == movers)
    #expect(shown.migration == migration && shown.history.map(\.version) == [1, 2])
    #expect(shown.segments.map(\.toSize) == migration.toSizes.map { Optional($0) })
    // The planted movers: every seventh customer took another group's behaviour.
    let workspace = try store(context)
    let v1 = try workspace.segmentation(named: "usage", version: 1)
    let ids = try workspace.customerIDs(keys: v1.customerKeys)
    var plantedSegment: [Int: Int32] = [:]
    for (row, id) in ids.enumerated() { plantedSegment[(Int(id.dropFirst()) ?? 0) % 4] = v1.groups[row] }
    let expectedMovers = (0..<1_200).filter { index in
      index % 11 != 5 && index % 7 == 3 && plantedSegment[index % 4] != plantedSegment[(index % 4 + 1) % 4]
    }
    #expect(migration.movers == expectedMovers.count)
    let text = try String(contentsOfFile: movers, encoding: .utf8)
    let lines = text.split(separator: "\n")
    #expect(lines.first == "customer_id,from_segment,from_name,to_segment,to_name")
    #expect(lines.count == migration.movers + 1)
    #expect(Set(lines.dropFirst().map { String($0.split(separator: ",")[0]) }) == Set(expectedMovers.map { "C\($0)" }))
    let audit = try workspace.exportAudit().last
    #expect(audit?.kind == .segments && audit?.rows == migration.movers && audit?.campaign == "usage v1→v2 movers")
    #expect(audit?.user == "tester")

    // Rules read the previous assignment: movers from segment 1 to segment 2.
    let count = try CheckRuleWorkflow(
      rule: "segment(usage, previous) = 1 and segment(usage) = 2", period: "P2", count: true
    ).run(context)
    #expect(count.valid && count.matches == migration.flows[0][1])
    let stayed = try CheckRuleWorkflow(
      rule: "segment(usage, previous) = segment(usage)", period: "P2", count: true
    ).run(context)
    #expect(!stayed.valid)
  }

  @Test("refusals name what to do: unknown names, versions and periods, missing features, an empty selection")
  func refusals() throws {
    let directory = TemporaryDirectory()
    let context = try Self.segmented(directory, count: 200, file: true)
    func refused(_ workflow: some Workflow) -> SegmentaError? {
      #expect(throws: SegmentaError.self) { try workflow.run(context) }
    }
    #expect(refused(RefreshSegmentationWorkflow(name: "nope", period: "P1"))?.code == .notFound)
    #expect(refused(RefreshSegmentationWorkflow(name: "usage", version: 9, period: "P1"))?.code == .notFound)
    let period = refused(RefreshSegmentationWorkflow(name: "usage", period: "P9"))
    #expect(period?.code == .notFound && period?.message.contains("segmenta features build") == true)
    try Self.buildPeriod("P3", suffix: "2", features: ["a", "c"], in: directory, context: context)
    let missing = refused(RefreshSegmentationWorkflow(name: "usage", period: "P3"))
    #expect(missing?.code == .missingPrerequisite && missing?.message.contains("lacks features b, d") == true)
    let nobody = refused(RefreshSegmentationWorkflow(name: "usage", period: "P1", rule: "a1 < 0"))
    #expect(nobody?.code == .insufficientData)
    let badRule = refused(RefreshSegmentationWorkflow(name: "usage", period: "P1", rule: "a1 >"))
    #expect(badRule?.code == .invalidRule && badRule?.message.hasPrefix("--where: ") == true)
    let single = refused(SegmentMigrationWorkflow(name: "usage"))
    #expect(single?.code == .missingPrerequisite && single?.message.contains("segment refresh usage") == true)
    _ = try RefreshSegmentationWorkflow(name: "usage", period: "P1").run(context)
    #expect(refused(SegmentMigrationWorkflow(name: "usage", from: 2, to: 2))?.code == .invalidRequest)
    #expect(refused(SegmentMigrationWorkflow(name: "usage", from: 5))?.code == .notFound)
    let overwrite = refused(SegmentMigrationWorkflow(name: "usage", out: context.workspacePath))
    #expect(overwrite != nil)
    #expect(try store(context).segmentationVersions().count == 2)
  }
}
