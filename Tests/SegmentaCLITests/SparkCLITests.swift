import Foundation
import SegmentaTestSupport
import Testing

/// The repository's root folder (scripts live there).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

@Suite("The loop on Apache Spark: build the wide table, sample, segment, score, profile and tag")
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

  /// The rows of a CSV text without quoted fields, by header name.
  static func csvRows(_ text: String) throws -> [[String: String]] {
    let lines = text.split(separator: "\n")
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else {
      return []
    }
    return lines.dropFirst().map { line in
      Dictionary(
        zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)),
        uniquingKeysWith: { first, _ in first })
    }
  }

  /// Event files with different columns as one CSV file over the union of their columns (empty where a file
  /// lacks one).
  static func unionEvents(_ paths: [String], into path: String) throws {
    let files = try paths.map { try csvRows(String(contentsOfFile: $0, encoding: .utf8)) }
    var columns: [String] = []
    for path in paths {
      let header = try String(contentsOfFile: path, encoding: .utf8).prefix { $0 != "\n" }
      for name in header.split(separator: ",").map(String.init) where !columns.contains(name) { columns.append(name) }
    }
    var text = columns.joined(separator: ",") + "\n"
    for rows in files {
      for row in rows { text += columns.map { row[$0] ?? "" }.joined(separator: ",") + "\n" }
    }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }

  @Test(
    "spark features equals features build, spark sample, segment, spark score equals assign, spark profile, spark tags",
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

    // The wide table built on Spark from the demo's events (its three event files as one table) equals the
    // workspace's: counts exactly, other numbers within 1e-9 relative, missing where missing.
    try Self.unionEvents(["calls", "data", "messages"].map { "\(here)/d/\($0).csv" }, into: "\(here)/lake/events.csv")
    let built = try jsonObject(
      try segmentaOK(
        [
          "spark", "features", "--spec", "d/features.yaml", "--events", "lake/events.csv", "--customers",
          "lake/customers.csv", "--format", "csv", "--out", "lake/wide", "--json",
        ] + spark + demo, in: here))
    #expect(built["rows"] as? Int == 1500)
    let workspaceRows = try Self.csvRows(String(contentsOfFile: "\(here)/lake/features.csv", encoding: .utf8))
    var byCustomer: [String: [String: String]] = [:]
    for row in workspaceRows { byCustomer[row["customer_id"] ?? ""] = row }
    let sparkRows = try Self.rows(of: "\(here)/lake/wide")
    #expect(sparkRows.count == 1500 && byCustomer.count == 1500)
    var compared = 0
    var different: [String] = []
    for row in sparkRows {
      guard let expected = byCustomer[row["customer_id"] ?? ""] else {
        different.append("customer \(row["customer_id"] ?? "?") is not in the workspace")
        continue
      }
      for (name, text) in expected where name != "customer_id" {
        compared += 1
        let mine = Double(text)
        let theirs = Double(row[name] ?? "")
        switch (mine, theirs) {
        case (nil, nil): continue
        case (let a?, let b?) where abs(a - b) <= 1e-9 * max(1, abs(a)): continue
        default: different.append("\(row["customer_id"] ?? "?").\(name): \(text) ≠ \(row[name] ?? "missing")")
        }
      }
    }
    #expect(compared == 1500 * (workspaceRows.first.map { $0.count - 1 } ?? 0) && compared > 0)
    #expect(different.isEmpty, "\(different.count) values differ, such as \(different.prefix(5))")

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
    // The profile over every customer computed on Spark and rendered locally.
    let profile = try jsonObject(
      try segmentaOK(
        [
          "spark", "profile", "sampled", "--features", "lake/features.csv", "--scores", "lake/scores", "--customers",
          "lake/customers.csv", "--format", "csv", "--out", "lake/profile.html", "--json",
        ] + spark + sampled, in: here))
    #expect(profile["customers"] as? Int == 1500 && profile["segments"] as? Int == 5, "\(profile)")
    let html = try String(contentsOfFile: "\(here)/lake/profile.html", encoding: .utf8)
    #expect(html.contains("<html") && html.contains("1,500"))

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

    // Catalogue tables: the tag table is created once, refused when it exists, recreated with --replace.
    let catalogue = try runProcess(
      sparkHome + "/bin/spark-sql",
      [
        "--master", "local[1]", "--conf", "spark.sql.warehouse.dir=file://\(here)/work/warehouse", "--conf",
        "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=\(here)/work/metastore_db;create=true",
        "-e",
        "CREATE TABLE tagged USING parquet LOCATION '\(here)/lake/tagged.parquet'; "
          + "CREATE TABLE segments_demo_table USING parquet LOCATION '\(here)/lake/segments_demo.parquet'",
      ], in: here + "/work")
    try #require(catalogue.status == 0, "spark-sql failed:\n\(catalogue.stderr)")
    let tagTable =
      [
        "spark", "tags", "--table", "tagged", "--format", "table", "--segments", "demo=segments_demo_table",
        "--tag-table", "demo_tags", "--json",
      ] + spark + demo
    let first = try jsonObject(try segmentaOK(tagTable, in: here))
    #expect((first["rows"] as? Int) == (tags["rows"] as? Int))
    let existing = try segmenta(tagTable, in: here)
    #expect(existing.status != 0 && existing.stdout.contains("already exists"))
    let replaced = try jsonObject(try segmentaOK(tagTable + ["--replace"], in: here))
    #expect((replaced["rows"] as? Int) == (tags["rows"] as? Int))

    // A stratified campaign's list written on Spark: as many targets, controls and exclusions per reason and
    // stratum as campaign select gives (the rule read against the full period, not the stratified sample's).
    directory.write(
      "campaign.yaml",
      """
      name: spark_sms
      product: 套餐升级
      target: arpu >= 40 and segment(demo) in [1, 2, 3, 4]
      channel: sms
      control_share: 0.5
      stratify_by: demo
      seed: 5
      exclude_statuses: []

      """)
    _ = try segmentaOK(["campaign", "create", "--spec", "campaign.yaml"] + demo, in: here)
    let selected = try jsonObject(
      try segmentaOK(["campaign", "select", "spark_sms", "--period", "2024Q1", "--json"] + demo, in: here))
    let selection = try #require(selected["selection"] as? [String: Any])
    let listed = try jsonObject(
      try segmentaOK(
        [
          "spark", "campaign", "spark_sms", "--table", "lake/tagged.parquet", "--segments",
          "demo=lake/segments_demo.parquet", "--period", "2024Q1", "--out", "lake/campaign", "--json",
        ] + spark + demo, in: here))
    #expect(listed["targets"] as? Int == selection["targets"] as? Int && selection["targets"] as? Int ?? 0 > 0)
    #expect(listed["controls"] as? Int == selection["controls"] as? Int)
    #expect(listed["excluded"] as? [String: Int] == selection["excluded"] as? [String: Int] ?? [:])
    var listStrata: [String: [String: Int]] = [:]
    for count in try #require(listed["counts"] as? [[String: Any]]) where count["group"] as? String != "excluded" {
      let key = (count["stratum"] as? Int).map(String.init) ?? "?"
      listStrata[key, default: [:]][count["group"] as? String == "target" ? "targets" : "controls", default: 0] +=
        count["customers"] as? Int ?? 0
    }
    for (key, value) in try #require(selected["strata"] as? [String: [String: Int]]) {
      #expect(listStrata[key, default: [:]]["targets", default: 0] == value["targets"] ?? 0, "stratum \(key)")
      #expect(listStrata[key, default: [:]]["controls", default: 0] == value["controls"] ?? 0, "stratum \(key)")
    }
    #expect(FileManager.default.fileExists(atPath: "\(here)/lake/campaign/_SUCCESS"))
  }
}
