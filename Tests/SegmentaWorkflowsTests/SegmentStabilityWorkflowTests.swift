import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Segment stability: bootstrap Jaccard and seed agreement, stored and flagged in the report")
struct SegmentStabilityWorkflowTests {
  @Test("planted groups are stable; the result is stored with the version and the report says so")
  func plantedGroupsAreStable() throws {
    let directory = TemporaryDirectory()
    let context = try RefreshSegmentationWorkflowTests.segmented(directory, count: 1_200, missing: 0)
    let progress = RecordingProgress()
    var watched = context
    watched.progress = progress
    let output = try SegmentStabilityWorkflow(name: "usage", resamples: 8, seeds: 2, seed: 5).run(watched)
    let stored = try store(context).segmentation(named: "usage")
    #expect(output.version == stored.version && output.customers == 1_200 && output.resamples == 8)
    #expect(output.segments.count == stored.model.segmentCount)
    #expect(output.segments.map(\.customers) == stored.model.groupSizes)
    for segment in output.segments {
      let jaccard = try #require(segment.jaccard)
      #expect(jaccard >= 0.85 && jaccard <= 1, "segment \(segment.id): \(jaccard)")
      #expect(segment.rating == .highlyStable && segment.dissolvedIn == 0)
    }
    #expect(output.unstable.isEmpty)
    #expect(output.seedAgreement.count == 2 && output.seedAgreement.allSatisfy { $0 > 0.95 })
    #expect(progress.recorded.contains { $0.step == "stability of usage" })
    let again = try #require(
      try SegmentStabilityWorkflow.stored(name: "usage", version: output.version, in: store(context)))
    #expect(again == output)
    let report = try ProfileWorkflow(name: "usage").run(context).report
    #expect(report.notes.contains { $0.hasPrefix("Stable: every segment keeps a mean Jaccard of 0.75 or more over 8") })
  }

  @Test("a segment split from a planted group without a border is flagged unstable in the report")
  func splitGroupIsUnstable() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    // One round cloud of 900 customers and one far group of 300; k = 3 splits the cloud arbitrarily.
    var rng = SplitMix64(seed: 3)
    var lines = ["customer_id,x,y"]
    for index in 0..<1_200 {
      let far = index % 4 == 0
      let x = (far ? 40.0 : 0) + rng.nextNormal() * 3
      let y = (far ? 40.0 : 0) + rng.nextNormal() * 3
      lines.append("C\(index),\(String(format: "%.4f", x)),\(String(format: "%.4f", y))")
    }
    try importCSV(lines.joined(separator: "\n") + "\n", into: context, directory: directory)
    var options = SegmentationOptions(k: 3, seed: 1)
    options.preprocessing.log = .off
    options.preprocessing.winsorize = nil
    _ = try SegmentWorkflow(name: "cloud", period: nil, features: .named(["x", "y"]), options: options).run(context)
    let output = try SegmentStabilityWorkflow(name: "cloud", resamples: 12, seeds: 3, seed: 9).run(context)
    let jaccards = output.segments.map { $0.jaccard ?? 0 }
    // The far group holds; the halves of the cloud do not hold as well.
    #expect(jaccards.max() ?? 0 >= 0.95)
    #expect(jaccards.min() ?? 1 < jaccards.max() ?? 0)
    let report = try ProfileWorkflow(name: "cloud").run(context).report
    for id in output.unstable {
      #expect(report.notes.contains { $0.hasPrefix("Unstable: segment \(id) ") })
    }
    #expect(report.notes.contains { $0.hasPrefix("Agreement with 3 other seeds") })
  }

  @Test("a self-organising-map segmentation is refitted as a map: planted groups stable, the same for a seed")
  func mapSegmentation() throws {
    let directory = TemporaryDirectory()
    let context = try makeContext()
    var rng = SplitMix64(seed: 4)
    var lines = ["customer_id,x,y"]
    for index in 0..<600 {
      let group = Double(index % 3)
      let x = group * 30 + rng.nextNormal() * 2
      let y = (group == 1 ? 30.0 : 0) + rng.nextNormal() * 2
      lines.append("C\(index),\(String(format: "%.4f", x)),\(String(format: "%.4f", y))")
    }
    try importCSV(lines.joined(separator: "\n") + "\n", into: context, directory: directory)
    var options = SegmentationOptions(groups: 3, seed: 2)
    options.preprocessing.log = .off
    options.preprocessing.winsorize = nil
    options.map = SelfOrganizingMapOptions(rows: 4, columns: 4)
    _ = try SegmentWorkflow(name: "map", period: nil, features: .named(["x", "y"]), options: options).run(context)
    #expect(try store(context).segmentation(named: "map").model.method == "som")
    let output = try SegmentStabilityWorkflow(name: "map", resamples: 5, seeds: 2, seed: 3).run(context)
    #expect(output.segments.count == 3 && output.unstable.isEmpty)
    #expect(output.segments.allSatisfy { ($0.jaccard ?? 0) >= 0.95 && $0.rating == .highlyStable })
    #expect(output.seedAgreement.count == 2 && output.seedAgreement.allSatisfy { $0 > 0.95 })
    let again = try SegmentStabilityWorkflow(name: "map", resamples: 5, seeds: 2, seed: 3).run(context)
    #expect(again == output)
  }

  @Test("refusals: resamples and seeds out of range, a segmentation assigned by a rule")
  func refusals() throws {
    let directory = TemporaryDirectory()
    let context = try RefreshSegmentationWorkflowTests.segmented(directory, count: 400)
    func refused(_ workflow: SegmentStabilityWorkflow) -> SegmentaError? {
      do {
        _ = try workflow.run(context)
        return nil
      } catch { return error }
    }
    #expect(refused(SegmentStabilityWorkflow(name: "usage", resamples: 1))?.field == "bootstrap")
    #expect(refused(SegmentStabilityWorkflow(name: "usage", seeds: 21))?.field == "seeds")
    #expect(refused(SegmentStabilityWorkflow(name: "nothing"))?.code == .notFound)
    _ = try ParetoWorkflow(column: "a1").run(context)
    let tiers = refused(SegmentStabilityWorkflow(name: "value_tier"))
    #expect(tiers?.code == .invalidRequest && tiers?.message.contains("assigned by a rule") == true)
    #expect(try SegmentStabilityWorkflow.stored(name: "usage", version: 1, in: store(context)) == nil)
  }
}
