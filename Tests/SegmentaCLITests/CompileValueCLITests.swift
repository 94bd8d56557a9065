import Foundation
import SegmentaTestSupport
import Testing

/// The repository's root folder (scripts live there).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

@Suite("Compiled value summaries, RFM and lifetime value on other engines")
struct CompileValueCLITests {
  /// The value-table columns the workspace stores and the query returns.
  static let columns = [
    "frequency", "recency", "T", "monetary_value", "total_value", "transactions", "first_purchase", "last_purchase",
    "days_since_last", "r_score", "f_score", "m_score", "rfm_score", "p_alive", "expected_spend",
    "expected_purchases", "clv_12m",
  ]

  @Test(
    "compile value: DuckDB, PostgreSQL and Spark give the workspace's summaries, scores and predictions",
    .timeLimit(.minutes(20)))
  func sameValuesEverywhere() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    _ = try segmentaOK(["demo", "--customers", "1500", "--seed", "11", "--out", "d"], in: here)
    let workspace = ["--workspace", "d/segmenta.db"]
    _ = try segmentaOK(["value", "rfm", "--bins", "4"] + workspace, in: here)
    try FileManager.default.createDirectory(atPath: "\(here)/engines", withIntermediateDirectories: true)
    for target in ["duckdb", "postgres", "spark"] {
      let json = try jsonObject(
        try segmentaOK(
          ["compile", "value", "--target", target, "--out", "engines/value-\(target).sql", "--json"] + workspace,
          in: here))
      #expect(json["target"] as? String == target && json["bins"] as? Int == 4)
      #expect(
        json["columns"] as? [String] == Self.columns.filter { $0 != "expected_purchases" && $0 != "clv_12m" }
          + ["expected_purchases", "clv_12m"])
      #expect((json["not_compiled"] as? [Any])?.isEmpty == true, "\(json["not_compiled"] ?? "")")
      #expect(((json["series_terms"] as? Int) ?? 0) > 2)
      #expect((json["bgnbd"] as? [String: Any])?["r"] is Double)
    }

    // The same stored table gives the same text; the text names its source and parameters.
    let again = try segmentaOK(["compile", "value", "--target", "duckdb"] + workspace, in: here)
    let written = try String(contentsOfFile: "\(here)/engines/value-duckdb.sql", encoding: .utf8)
    #expect(again == written)
    #expect(written.hasPrefix("-- Value table '") && written.contains("-- BG/NBD (fitted by `value clv` at 20"))
    let spark = try String(contentsOfFile: "\(here)/engines/value-spark.sql", encoding: .utf8)
    #expect(spark.contains("`customer_id`") && !spark.contains("MATERIALIZED") && spark.contains("EXPLODE(SEQUENCE"))

    // What the workspace stores per customer, exported as a CSV the way every member list is.
    _ = try segmentaOK(
      [
        "rule", "members", "frequency >= 0", "--columns", (["customer_id"] + Self.columns).joined(separator: ","),
        "--out", "engines/value.csv",
      ] + workspace, in: here)
    try FileManager.default.copyItem(atPath: "\(here)/d/topups.csv", toPath: "\(here)/engines/topups.csv")

    let check = try runProcess(
      "/bin/bash", [repositoryRoot.appendingPathComponent("scripts/equality/check.sh").path, "engines"], in: here)
    #expect(check.status == 0, "scripts/equality/check.sh failed:\n\(check.stderr)")
    let lines = check.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("{") }
    try #require(lines.count == 1, "one report expected:\n\(check.stdout)")
    let report = try jsonObject(lines[0])
    let customers = try #require(report["customers"] as? Int)
    #expect(customers > 1000)
    #expect(report["columns"] as? [String] == Self.columns)
    for engine in ["duckdb", "postgres", "spark"] {
      let result = try #require(report[engine] as? [String: Any], "no \(engine) result in \(lines[0])")
      #expect(result["rows"] as? Int == customers, "\(engine): \(result)")
      #expect(result["differ"] as? Int == 0, "\(engine) differs from the workspace: \(result)")
    }
  }

  @Test(
    "compile value in weeks, ending mid-week, with alternating series terms: DuckDB gives the workspace's values",
    .timeLimit(.minutes(10)))
  func weeksOnDuckDB() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    _ = try segmentaOK(["demo", "--customers", "1500", "--seed", "11", "--out", "d"], in: here)
    let workspace = ["--workspace", "d/segmenta.db"]
    // 2024-03-27 is a Wednesday: the rest of its week counts, as in lifetimes.
    _ = try segmentaOK(
      ["value", "build", "--transactions", "d/topups.csv", "--time-unit", "weeks", "--as-of", "2024-03-27"]
        + workspace, in: here)
    _ = try segmentaOK(["value", "clv", "--horizon", "6", "--discount", "0.02"] + workspace, in: here)
    _ = try segmentaOK(["value", "rfm"] + workspace, in: here)
    let json = try jsonObject(
      try segmentaOK(["compile", "value", "--out", "value.sql", "--json"] + workspace, in: here))
    #expect(json["time_unit"] as? String == "weeks" && (json["not_compiled"] as? [Any])?.isEmpty == true)
    let columns = Self.columns.map { $0 == "clv_12m" ? "clv_6m" : $0 }
    _ = try segmentaOK(
      [
        "rule", "members", "frequency >= 0", "--columns", (["customer_id"] + columns).joined(separator: ","),
        "--out", "value.csv",
      ] + workspace, in: here)
    let python = try runProcess(
      "/bin/bash",
      [
        repositoryRoot.appendingPathComponent("scripts/python-env.sh").path, "venv-equality", "duckdb==2.0.0",
        "pandas==2.2.3", "psycopg[binary]==3.3.9", "pypmml==1.5.8", "pyspark==3.5.3",
      ], in: here)
    try #require(python.status == 0, "no Python environment: \(python.stderr)")
    let venv = python.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let check = try runProcess(
      "\(venv)/bin/python",
      [
        repositoryRoot.appendingPathComponent("scripts/equality/check_value.py").path, "--transactions",
        "d/topups.csv", "--expected", "value.csv", "--duckdb", "value.sql",
      ], in: here)
    #expect(check.status == 0, "check_value.py failed:\n\(check.stderr)")
    let report = try jsonObject(check.stdout)
    let result = try #require(report["duckdb"] as? [String: Any])
    #expect(result["rows"] as? Int == 1500 && result["differ"] as? Int == 0, "\(result)")
  }

  @Test("compile value refuses bad table names, a workspace without a value table and outputs over the workspace")
  func refusals() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    _ = try segmentaOK(["init", "--workspace", "empty.db"], in: here)
    let none = try segmenta(["compile", "value", "--json", "--workspace", "empty.db"], in: here)
    #expect(none.status != 0)
    #expect(
      ((try jsonObject(none.stdout))["error"] as? [String: Any])?["message"] as? String
        == "no value table is stored to compile; build one from transactions with `segmenta value build "
        + "--transactions FILE` (then `segmenta value rfm` and `segmenta value clv`)")
    _ = try segmentaOK(["demo", "--customers", "600", "--seed", "3", "--out", "d"], in: here)
    let workspace = ["--workspace", "d/segmenta.db"]
    let table = try segmenta(
      ["compile", "value", "--transactions-table", "a;drop", "--json"] + workspace, in: here)
    #expect(table.status != 0)
    #expect(((try jsonObject(table.stdout))["error"] as? [String: Any])?["field"] as? String == "transactions-table")
    let overwrite = try segmenta(["compile", "value", "--out", "d/segmenta.db"] + workspace, in: here)
    #expect(overwrite.status != 0 && overwrite.stderr.contains("workspace"))
    // Without `value rfm` the scores use 5 bins and say so.
    let json = try jsonObject(
      try segmentaOK(["compile", "value", "--target", "postgres", "--json"] + workspace, in: here))
    #expect(json["bins"] as? Int == 5)
    #expect((json["notes"] as? [String])?.contains { $0.contains("5 bins") } == true)
    let sql = try #require(json["sql"] as? String)
    #expect(sql.contains("\"T\"") && sql.contains("MATERIALIZED") && sql.contains("GENERATE_SERIES"))
    let weeks = try segmenta(["compile", "value", "--time-unit", "weeks", "--json"] + workspace, in: here)
    #expect(((try jsonObject(weeks.stdout))["error"] as? [String: Any])?["field"] as? String == "time-unit")
  }
}
