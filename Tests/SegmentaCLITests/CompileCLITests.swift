import Foundation
import SegmentaTestSupport
import Testing

/// The repository's root folder (scripts live there).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

@Suite("Compiled segmentations on other engines")
struct CompileCLITests {
  @Test(
    "compile model and export-model: DuckDB, PostgreSQL, Spark and PMML assign every customer as the workspace",
    .timeLimit(.minutes(20)))
  func sameClustersEverywhere() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    _ = try segmentaOK(["demo", "--customers", "1500", "--seed", "11", "--out", "d"], in: here)
    let workspace = ["--workspace", "d/segmenta.db"]
    try FileManager.default.createDirectory(atPath: "\(here)/engines", withIntermediateDirectories: true)
    let list = try JSONSerialization.jsonObject(
      with: Data(try segmentaOK(["segments", "list", "--json"] + workspace, in: here).utf8))
    let period = try #require(
      (list as? [[String: Any]])?.first { $0["name"] as? String == "demo" }?["period"] as? String)
    _ = try segmentaOK(
      ["features", "export", "--period", period, "--out", "engines/features.csv"] + workspace, in: here)
    _ = try segmentaOK(["export", "demo", "--out", "engines/segments.csv"] + workspace, in: here)
    for target in ["duckdb", "postgres", "spark"] {
      let json = try jsonObject(
        try segmentaOK(
          ["compile", "model", "demo", "--target", target, "--out", "engines/model-\(target).sql", "--json"]
            + workspace, in: here))
      #expect(json["target"] as? String == target && json["segmentation"] as? String == "demo")
      #expect((json["features"] as? [String])?.isEmpty == false)
    }
    _ = try segmentaOK(
      ["export-model", "demo", "--format", "pmml", "--out", "engines/model.pmml"] + workspace, in: here)

    // The same model gives the same text; the text names its source.
    let again = try segmentaOK(["compile", "model", "demo", "--target", "duckdb"] + workspace, in: here)
    let written = try String(contentsOfFile: "\(here)/engines/model-duckdb.sql", encoding: .utf8)
    #expect(again == written)
    #expect(written.hasPrefix("-- Segmentation 'demo' version 1, compiled by Segmenta for DuckDB."))
    let spark = try String(contentsOfFile: "\(here)/engines/model-spark.sql", encoding: .utf8)
    #expect(spark.contains("`customer_id`") && !spark.contains("MATERIALIZED"))

    let check = try runProcess(
      "/bin/bash", [repositoryRoot.appendingPathComponent("scripts/equality/check-model.sh").path, "engines"],
      in: here)
    #expect(check.status == 0, "scripts/equality/check-model.sh failed:\n\(check.stderr)")
    let line = try #require(check.stdout.split(separator: "\n").last.map(String.init))
    let report = try jsonObject(line)
    #expect(report["customers"] as? Int == 1500)
    for engine in ["duckdb", "postgres", "spark", "pmml"] {
      let result = try #require(report[engine] as? [String: Any], "no \(engine) result in \(line)")
      #expect(result["rows"] as? Int == 1500, "\(engine): \(result)")
      #expect(result["differ"] as? Int == 0, "\(engine) assigns customers differently: \(result)")
    }
  }

  @Test("compile model refuses what does not compile and outputs that would overwrite the workspace")
  func refusals() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    _ = try segmentaOK(["demo", "--customers", "600", "--seed", "3", "--out", "d"], in: here)
    let workspace = ["--workspace", "d/segmenta.db"]
    let tiers = try segmenta(["compile", "model", "value_tier", "--json"] + workspace, in: here)
    #expect(tiers.status != 0)
    #expect(
      ((try jsonObject(tiers.stdout))["error"] as? [String: Any])?["message"] as? String
        == "segmentation 'value_tier' was made by value_tier, which does not assign customers to the nearest "
        + "centre; compile a segmentation made by k-means or a self-organising map")
    let table = try segmenta(["compile", "model", "demo", "--table", "a;drop", "--json"] + workspace, in: here)
    #expect(((try jsonObject(table.stdout))["error"] as? [String: Any])?["field"] as? String == "table")
    let overwrite = try segmenta(["export-model", "demo", "--out", "d/segmenta.db"] + workspace, in: here)
    #expect(overwrite.status != 0 && overwrite.stderr.contains("workspace"))
    let json = try jsonObject(
      try segmentaOK(["export-model", "demo", "--format", "json", "--json"] + workspace, in: here))
    let model = try #require(json["text"] as? String)
    let file = try jsonObject(model)
    #expect(file["format"] as? String == "segmenta-model" && file["segmentation"] as? String == "demo")
    #expect(((file["model"] as? [String: Any])?["centres"] as? [Double])?.isEmpty == false)
  }
}
