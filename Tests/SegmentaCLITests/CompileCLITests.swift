import Foundation
import SegmentaTestSupport
import Testing

/// The repository's root folder (scripts live there).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

@Suite("Compiled segmentations on other engines")
struct CompileCLITests {
  @Test(
    "compile model, rule and tags, export-model: DuckDB, PostgreSQL, Spark and PMML answer as the workspace",
    .timeLimit(.minutes(20)))
  func sameClustersEverywhere() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    let workspace = try Self.exportedDemo(in: here)
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

    // Rules over features, customer columns (text, number, date, boolean words), segments, arithmetic,
    // at_least, between, lists and missing values; each engine must select as many customers as the workspace.
    try FileManager.default.copyItem(atPath: "\(here)/d/customers.csv", toPath: "\(here)/engines/customers.csv")
    try "demo".write(toFile: "\(here)/engines/segmentation.txt", atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: "\(here)/engines/rules", withIntermediateDirectories: true)
    var expected: [String: Int] = [:]
    for (index, rule) in Self.rules.enumerated() {
      for target in ["duckdb", "postgres", "spark"] {
        _ = try segmentaOK(
          ["compile", "rule", rule, "--target", target, "--out", "engines/rules/rule-\(index + 1)-\(target).sql"]
            + workspace, in: here)
      }
      let checked = try jsonObject(try segmentaOK(["rule", "check", rule, "--count", "--json"] + workspace, in: here))
      expected["\(index + 1)"] = try #require(checked["matches"] as? Int)
    }
    #expect(Set(expected.values).count > 5, "the rules select different customers: \(expected)")
    // Every tag of the demo, filled in the order tags apply; each engine must count the workspace's members.
    for target in ["duckdb", "postgres", "spark"] {
      _ = try segmentaOK(
        ["compile", "tags", "--target", target, "--out", "engines/tags-\(target).sql"] + workspace, in: here)
    }
    let tagList = try JSONSerialization.jsonObject(
      with: Data(try segmentaOK(["tags", "list", "--json"] + workspace, in: here).utf8))
    var tagCounts: [String: Int] = [:]
    for tag in try #require(tagList as? [[String: Any]]) {
      let count = try #require(tag["count"] as? Int)
      if count > 0 { tagCounts[try #require(tag["name"] as? String)] = count }
    }
    #expect(tagCounts.count > 10, "the demo defines and applies tags: \(tagCounts)")

    let check = try runProcess(
      "/bin/bash", [repositoryRoot.appendingPathComponent("scripts/equality/check.sh").path, "engines"],
      in: here)
    #expect(check.status == 0, "scripts/equality/check.sh failed:\n\(check.stderr)")
    let lines = check.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("{") }
    try #require(lines.count == 2, "two reports expected:\n\(check.stdout)")
    let line = lines[0]
    let report = try jsonObject(line)
    #expect(report["customers"] as? Int == 1500)
    for engine in ["duckdb", "postgres", "spark", "pmml"] {
      let result = try #require(report[engine] as? [String: Any], "no \(engine) result in \(line)")
      #expect(result["rows"] as? Int == 1500, "\(engine): \(result)")
      #expect(result["differ"] as? Int == 0, "\(engine) assigns customers differently: \(result)")
    }
    let counts = try jsonObject(lines[1])
    for engine in ["duckdb", "postgres", "spark"] {
      var result = try #require(counts[engine] as? [String: Any], "no \(engine) counts")
      #expect(result.removeValue(forKey: "tags") as? [String: Int] == tagCounts, "\(engine) tags other customers")
      #expect(result as? [String: Int] == expected, "\(engine) selects other counts than the workspace")
    }
  }

  /// A 1,500-customer demo workspace in `here`/d, with its wide table and segmentation `demo` exported to
  /// `here`/engines (features.csv, segments.csv); returns the workspace option.
  static func exportedDemo(in here: String) throws -> [String] {
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
    return workspace
  }

  static let rules = [
    #"segment(demo) in [1, 2] and (arpu > 50 or total_call_minutes / call_count >= 2)"#,
    #"not (age between 30 and 40) and gender = "F""#,
    #"at_least(2, arpu > 80, data_mb > 1000, gender = "F", city = "西安")"#,
    #"sms_opt_out and not call_opt_out"#,
    #"start_date < "2022-01-01" or brand in ["神州行", "动感地带"]"#,
    #"not (international_minutes > 0) and international_roaming_minutes / international_minutes > 0.5"#,
    #"segment(demo) not in [3] or international_minutes is missing"#,
    #"(arpu > 100) = (data_mb > 500)"#,
    #"2 * data_mb / 100 + -arpu > 10 and plan_code != "S19""#,
  ]

  @Test(
    "compile profile: statistics from DuckDB, PostgreSQL and Spark render the workspace's profile",
    .timeLimit(.minutes(20)))
  func profilesFromEngines() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    let workspace = try Self.exportedDemo(in: here)
    try FileManager.default.copyItem(atPath: "\(here)/d/customers.csv", toPath: "\(here)/engines/customers.csv")
    // KPIs of every kind: a feature's mean and median, a customer column's mean and median, a share.
    try Self.profileSpec.write(toFile: "\(here)/profile.yaml", atomically: true, encoding: .utf8)
    for target in ["duckdb", "postgres", "spark"] {
      let json = try jsonObject(
        try segmentaOK(
          [
            "compile", "profile", "demo", "--target", target, "--spec", "profile.yaml", "--out",
            "engines/profile-\(target).sql", "--json",
          ] + workspace, in: here))
      #expect(json["target"] as? String == target && json["segments"] as? Int ?? 0 > 1)
      #expect((json["categories"] as? [String])?.isEmpty == false, "the demo has categorical columns")
    }
    let again = try segmentaOK(
      ["compile", "profile", "demo", "--target", "spark", "--spec", "profile.yaml"] + workspace, in: here)
    let written = try String(contentsOfFile: "\(here)/engines/profile-spark.sql", encoding: .utf8)
    #expect(again == written)
    #expect(written.hasPrefix("-- Profile statistics of segmentation 'demo' version 1, compiled by Segmenta for Spark"))
    let refused = try segmenta(
      ["compile", "profile", "demo", "--scores", "a;drop", "--json"] + workspace, in: here)
    #expect(((try jsonObject(refused.stdout))["error"] as? [String: Any])?["field"] as? String == "scores")
    let overwrite = try segmenta(
      ["compile", "profile", "demo", "--spec", "profile.yaml", "--out", "profile.yaml"] + workspace, in: here)
    #expect(overwrite.status != 0)

    let check = try runProcess(
      "/bin/bash",
      [
        repositoryRoot.appendingPathComponent("scripts/equality/check.sh").path, "engines", "--segmenta",
        segmentaExecutable.path, "--workspace", "d/segmenta.db", "--name", "demo", "--spec", "profile.yaml",
        "--median-kpis", "1,3",
      ], in: here)
    #expect(check.status == 0, "scripts/equality/check.sh failed:\n\(check.stderr)")
    let lines = check.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("{") }
    try #require(lines.count == 1, "one report expected:\n\(check.stdout)")
    let report = try jsonObject(lines[0])
    for engine in ["duckdb", "postgres", "spark"] {
      let result = try #require(report[engine] as? [String: Any], "no \(engine) result in \(lines[0])")
      #expect(result["differ"] as? Int == 0, "\(engine) profiles differently: \(result)")
      #expect(result["segments"] as? Int ?? 0 > 1 && result["medians"] as? Int ?? 0 > 1, "\(engine): \(result)")
    }

    // The statistics file is validated: a value that is not a number is named by line and column.
    let statistics = try String(contentsOfFile: "\(here)/engines/statistics-duckdb.csv", encoding: .utf8)
    var rows = statistics.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let sizeLine = try #require(rows.firstIndex { $0.hasPrefix("1,size,") })
    rows[sizeLine] = "1,size,,,many"
    try rows.joined(separator: "\n").write(toFile: "\(here)/bad.csv", atomically: true, encoding: .utf8)
    let bad = try segmenta(
      ["profile", "demo", "--spec", "profile.yaml", "--statistics", "bad.csv", "--json"] + workspace, in: here)
    #expect(bad.status != 0)
    let error = (try jsonObject(bad.stdout))["error"] as? [String: Any]
    #expect(error?["line"] as? Int == sizeLine + 1 && error?["column"] as? Int == 5, "\(bad.stdout)")
  }

  static let profileSpec = """
    kpis:
      - label: {zh: 平均ARPU, en: Mean ARPU}
        mean: arpu
      - label: {zh: 流量中位数, en: Median data}
        median: data_mb
      - label: {zh: 平均年龄, en: Mean age}
        mean: age
      - label: {zh: 年龄中位数, en: Median age}
        median: age
      - label: {zh: 女性占比, en: Female share}
        share: {column: gender, value: F}

    """

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
