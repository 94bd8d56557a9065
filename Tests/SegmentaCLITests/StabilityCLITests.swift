import Foundation
import SegmentaTestSupport
import Testing

@Suite("Segment stability on the command line")
struct StabilityCLITests {
  @Test("segments stability on the demo: every planted segment holds; text, JSON, refusals and the report")
  func demoStability() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    _ = try segmentaOK(["demo", "--customers", "1200", "--seed", "5", "--out", "d"], in: here)
    let workspace = ["--workspace", "d/segmenta.db"]
    let json = try jsonObject(
      try segmentaOK(
        ["segments", "stability", "demo", "--bootstrap", "4", "--seeds", "1", "--json"] + workspace, in: here))
    let segments = try #require(json["segments"] as? [[String: Any]])
    #expect(!segments.isEmpty && json["resamples"] as? Int == 4 && json["customers"] as? Int == 1200)
    for segment in segments {
      let jaccard = try #require(segment["jaccard"] as? Double)
      #expect(jaccard > 0.5 && jaccard <= 1)
      #expect(["dissolved", "unclear", "stable", "highly_stable"].contains(segment["rating"] as? String ?? ""))
    }
    #expect((json["seed_agreement"] as? [Double])?.count == 1)
    let text = try segmentaOK(
      ["segments", "stability", "demo", "--bootstrap", "3", "--seeds", "0"] + workspace, in: here)
    #expect(text.contains("Stability of demo version 1 (1,200 customers, 3 bootstrap resamples):"))
    #expect(text.contains("Jaccard") && text.contains("dissolved in"))
    let refused = try segmenta(["segments", "stability", "demo", "--bootstrap", "500", "--json"] + workspace, in: here)
    #expect(refused.status != 0)
    let error = try jsonObject(refused.stdout)
    #expect((error["error"] as? [String: Any])?["field"] as? String == "bootstrap")
    let report = try segmentaOK(["profile", "demo", "--format", "md"] + workspace, in: here)
    #expect(report.contains("over 3 bootstrap resamples (`segmenta segments stability`)"))
  }
}

@Suite("Two segmentations compared on the command line")
struct CompareCLITests {
  @Test("segments compare: the demo against its value tiers and against itself; text, JSON, refusals")
  func demoCompare() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    _ = try segmentaOK(["demo", "--customers", "800", "--seed", "9", "--out", "d"], in: here)
    let workspace = ["--workspace", "d/segmenta.db"]
    let same = try jsonObject(try segmentaOK(["segments", "compare", "demo", "demo", "--json"] + workspace, in: here))
    #expect(same["adjusted_rand_index"] as? Double == 1 && same["matched_share"] as? Double == 1)
    #expect(same["common"] as? Int == 800)
    let tiers = try jsonObject(
      try segmentaOK(["segments", "compare", "demo", "value_tier", "--json"] + workspace, in: here))
    let table = try #require(tiers["table"] as? [[Int]])
    let onlyFirst = try #require(tiers["only_first"] as? [Int])
    let first = try #require(tiers["first"] as? [String: Any])
    #expect(table.map { $0.reduce(0, +) }.reduce(0, +) + onlyFirst.reduce(0, +) == first["customers"] as? Int)
    #expect((tiers["matches"] as? [[String: Any]])?.count == 3)
    let text = try segmentaOK(["segments", "compare", "demo", "value_tier"] + workspace, in: here)
    #expect(text.contains("Best matching (the most customers kept together):"))
    #expect(text.contains("demo v1 vs value_tier v1: adjusted Rand index"))
    let refused = try segmenta(["segments", "compare", "demo", "nothing", "--json"] + workspace, in: here)
    #expect(refused.status != 0)
    #expect((try jsonObject(refused.stdout)["error"] as? [String: Any])?["code"] as? String == "not_found")
  }
}
