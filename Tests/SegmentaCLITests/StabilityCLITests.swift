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
