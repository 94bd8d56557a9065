import Foundation
import SegmentaTestSupport
import Testing

/// The repository's root folder (scripts live there).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

@Suite("The loop on Apache Spark: sample, segment, score and tag")
struct SparkCLITests {
  /// The rows of the CSV part files Spark wrote into `folder`, by header name, without the headers.
  static func rows(of folder: String) throws -> [[String: String]] {
    let parts = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      $0.hasPrefix("part-") && $0.hasSuffix(".csv")
    }.sorted()
    var rows: [[String: String]] = []
    for part in parts {
      let lines = try String(contentsOfFile: folder + "/" + part, encoding: .utf8).split(separator: "\n")
      guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else {
        continue
      }
      for line in lines.dropFirst() {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        rows.append(Dictionary(zip(header, fields), uniquingKeysWith: { first, _ in first }))
      }
    }
    return rows
  }

  @Test(
    "spark sample into a second workspace, segment there, spark score equals assign, spark tags equals tags apply",
    .timeLimit(.minutes(20)))
  func loop() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    let prepared = try runProcess(
      "/bin/bash", [repositoryRoot.appendingPathComponent("scripts/equality/env.sh").path], in: here)
    try #require(prepared.status == 0, "scripts/equality/env.sh failed:\n\(prepared.stderr)")
    let venv = prepared.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let sparkHome = try #require(
      try FileManager.default.contentsOfDirectory(atPath: venv + "/lib").first.map {
        "\(venv)/lib/\($0)/site-packages/pyspark"
      })
    let spark = [
      "--spark-home", sparkHome, "--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=4",
      "--driver-memory", "1g", "--work-dir", "work",
    ]

    // The data where it lives: a 1,500-customer demo exported as CSV and Parquet.
    _ = try segmentaOK(["demo", "--customers", "1500", "--seed", "11", "--out", "d"], in: here)
    let demo = ["--workspace", "d/segmenta.db"]
    try FileManager.default.createDirectory(atPath: "\(here)/lake", withIntermediateDirectories: true)
    _ = try segmentaOK(["features", "export", "--period", "2024Q1", "--out", "lake/features.csv"] + demo, in: here)
    _ = try segmentaOK(["export", "demo", "--out", "lake/segments.csv"] + demo, in: here)
    try FileManager.default.copyItem(atPath: "\(here)/d/customers.csv", toPath: "\(here)/lake/customers.csv")
    let tables = try runProcess(
      venv + "/bin/python",
      [
        repositoryRoot.appendingPathComponent("scripts/equality/spark_tables.py").path, "--customers",
        "lake/customers.csv", "--features", "lake/features.csv", "--segments", "demo=lake/segments.csv", "--out",
        "lake",
      ], in: here)
    try #require(tables.status == 0, "spark_tables.py failed:\n\(tables.stderr)")

    // A sample of 600 of the 1,500 customers, drawn on Spark and stored in a new workspace.
    try FileManager.default.createDirectory(atPath: "\(here)/s", withIntermediateDirectories: true)
    _ = try segmentaOK(["init", "--workspace", "s/segmenta.db"], in: here)
    let sampled = ["--workspace", "s/segmenta.db"]
    let sample = try jsonObject(
      try segmentaOK(
        [
          "spark", "sample", "--features", "lake/features.csv", "--customers", "lake/customers.csv", "--format", "csv",
          "--size", "600", "--seed", "5", "--spec", "d/features.yaml", "--period", "2024Q1", "--json",
        ]
          + spark + sampled, in: here))
    #expect(sample["sampled"] as? Int == 600 && sample["total"] as? Int == 1500)
    let featureImport = try #require(sample["feature_import"] as? [String: Any])
    #expect(featureImport["rows"] as? Int == 600)
    let run = try #require(sample["run"] as? [String: Any])
    let metrics = try #require(run["metrics"] as? [String: Any])
    let total = try #require(metrics["total"] as? [String: Any])
    #expect((total["tasks"] as? Int ?? 0) > 0 && (total["input_records"] as? Int ?? 0) >= 1500, "\(total)")
    #expect((run["steps"] as? [[String: Any]])?.contains { $0["name"] as? String == "drawing the sample" } == true)

    // The same seed draws the same customers; stratified, each stratum gets its share.
    let strata = try jsonObject(
      try segmentaOK(
        [
          "spark", "sample", "--features", "lake/features.csv", "--format", "csv", "--size", "100", "--seed", "5",
          "--stratify", "age_band", "--spec", "d/features.yaml", "--period", "stratified", "--json",
        ]
          + spark.map { $0 == "local[2]" ? "local[1]" : $0 } + demo, in: here))
    let shares = try #require(strata["strata"] as? [[String: Any]])
    #expect(shares.reduce(0) { $0 + ($1["sampled"] as? Int ?? 0) } == 100 && shares.count > 1, "\(shares)")
    for share in shares {
      let exact = Double(share["customers"] as? Int ?? 0) * 100 / 1500
      let taken = Double(share["sampled"] as? Int ?? -9)
      #expect(taken == exact.rounded(.down) || taken == exact.rounded(.up), "\(share)")
    }

    // Segment the sample as today, then score every customer of the full table on Spark.
    _ = try segmentaOK(
      ["segment", "--name", "sampled", "--k", "5", "--features", "all", "--period", "2024Q1", "--seed", "3"]
        + sampled, in: here)
    let score = try jsonObject(
      try segmentaOK(
        [
          "spark", "score", "sampled", "--features", "lake/features.csv", "--out", "lake/scores", "--format", "csv",
          "--json",
        ] + spark + sampled, in: here))
    #expect(score["rows"] as? Int == 1500)
    _ = try segmentaOK(
      ["assign", "sampled", "--input", "lake/features.csv", "--out", "lake/assigned.csv"] + sampled, in: here)
    let assigned = try String(contentsOfFile: "\(here)/lake/assigned.csv", encoding: .utf8).split(separator: "\n")
      .dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    var expected: [String: String] = [:]
    var expectedCounts: [Int: Int] = [:]
    for row in assigned {
      expected[row[0]] = row[1]
      expectedCounts[Int(row[1]) ?? 0, default: 0] += 1
    }
    let scores = try Self.rows(of: "\(here)/lake/scores")
    #expect(scores.count == 1500 && expected.count == 1500)
    let differ = scores.filter { expected[$0["customer_id"] ?? ""] != $0["segment"] }
    #expect(differ.isEmpty, "\(differ.count) customers are scored otherwise on Spark, such as \(differ.prefix(3))")
    var counts: [Int: Int] = [:]
    for segment in try #require(score["segments"] as? [[String: Any]]) {
      counts[segment["segment"] as? Int ?? 0] = segment["customers"] as? Int
    }
    #expect(counts == expectedCounts)
    // An output that exists is kept unless replaced; the workspace's folder is never written over.
    let again = try segmenta(
      [
        "spark", "score", "sampled", "--features", "lake/features.csv", "--out", "lake/scores", "--format", "csv",
        "--json",
      ] + spark + sampled, in: here)
    #expect(again.status != 0 && again.stdout.contains("--replace"))
    let workspaceFolder = try segmenta(
      ["spark", "score", "sampled", "--features", "lake/features.csv", "--out", "s", "--format", "csv", "--replace"]
        + spark + sampled, in: here)
    #expect(workspaceFolder.status != 0 && workspaceFolder.stderr.contains("holds the workspace"))

    // Every tag of the demo filled on Spark from Parquet, as many customers as tags apply gave each.
    let tags = try jsonObject(
      try segmentaOK(
        [
          "spark", "tags", "--table", "lake/tagged.parquet", "--segments", "demo=lake/segments_demo.parquet",
          "--tag-table", "lake/tags", "--json",
        ] + spark + demo, in: here))
    let tagList = try #require(
      try JSONSerialization.jsonObject(
        with: Data(try segmentaOK(["tags", "list", "--json"] + demo, in: here).utf8)) as? [[String: Any]])
    var tagCounts: [String: Int] = [:]
    for tag in tagList { tagCounts[tag["name"] as? String ?? ""] = tag["count"] as? Int }
    var sparkCounts: [String: Int] = [:]
    for tag in try #require(tags["tags"] as? [[String: Any]]) {
      sparkCounts[tag["tag"] as? String ?? ""] = tag["customers"] as? Int
    }
    #expect(sparkCounts == tagCounts && tagCounts.values.filter { $0 > 0 }.count > 10)
    #expect(FileManager.default.fileExists(atPath: "\(here)/lake/tags/_SUCCESS"))
  }
}
