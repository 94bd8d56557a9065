import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import Testing

@testable import SegmentaWorkflows

@Suite("The Spark runner: finding spark-sql, its arguments, step times, result rows and failures")
struct SparkRunnerTests {
  /// A stand-in `spark-sql` in `folder/bin` that records its arguments and prints `stderr` and `stdout`.
  static func fakeSpark(in directory: TemporaryDirectory, stderr: String, stdout: String = "", status: Int = 0)
    throws -> String
  {
    let bin = directory.path + "/spark/bin"
    try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
    let program = bin + "/spark-sql"
    let script = """
      #!/bin/sh
      printf '%s\\n' "$@" > "\(directory.path)/arguments.txt"
      pwd > "\(directory.path)/directory.txt"
      printf '%s' '\(stderr)' >&2
      printf '%s' '\(stdout)'
      exit \(status)

      """
    try script.write(toFile: program, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
    return program
  }

  @Test("--segments NAME=TABLE: names must be segmentations', tables valid; paths are made absolute")
  func segmentTables() throws {
    let options = SparkOptions(format: .parquet)
    let tables = try options.segmentTables(["demo": "lake/segments_demo"])
    #expect(tables["demo"]?.location == FileManager.default.currentDirectoryPath + "/lake/segments_demo")
    #expect(tables["demo"]?.format == .parquet)
    for (segments, message) in [
      (["1x": "lake/s"], "--segments '1x=…' does not name a segmentation"), (["demo": ""], "--segments names no path"),
    ] {
      #expect(throws: SegmentaError.self) { try options.segmentTables(segments) }
      do {
        _ = try options.segmentTables(segments)
      } catch {
        #expect(error.field == "segments" || error.field == "--segments")
        #expect(error.message.hasPrefix(message), "\(error.message)")
      }
    }
    #expect(throws: SegmentaError.self) { try SparkOptions(format: .table).segmentTables(["demo": "a b"]) }
  }

  @Test("spark-sql is found through --spark-home, then SPARK_HOME, then PATH; absent, the error names each place")
  func lookup() throws {
    let directory = TemporaryDirectory()
    let program = try Self.fakeSpark(in: directory, stderr: "")
    let home = directory.path + "/spark"
    #expect(try SparkRunner.locate("spark-sql", sparkHome: home, environment: [:]) == program)
    #expect(try SparkRunner.locate("spark-sql", sparkHome: nil, environment: ["SPARK_HOME": home]) == program)
    #expect(
      try SparkRunner.locate(
        "spark-sql", sparkHome: nil, environment: ["SPARK_HOME": "/nowhere", "PATH": "/nothing:\(home)/bin"])
        == program)
    let given = #expect(throws: SegmentaError.self) {
      try SparkRunner.locate("spark-sql", sparkHome: directory.path, environment: ["PATH": home + "/bin"])
    }
    #expect(given?.field == "spark-home" && given?.message.contains("\(directory.path)/bin/spark-sql") == true)
    let absent = #expect(throws: SegmentaError.self) {
      try SparkRunner.locate("spark-sql", sparkHome: nil, environment: ["PATH": "/nothing:/none"])
    }
    #expect(absent?.code == .missingPrerequisite)
    #expect(
      absent?.message.contains("$SPARK_HOME/bin/spark-sql (SPARK_HOME is not set)") == true
        && absent?.message.contains("spark-sql on PATH (/nothing:/none)") == true,
      "\(String(describing: absent?.message))")
  }

  @Test("a run passes the master, memory, event log and settings, reports Spark's lines and reads times and rows")
  func run() throws {
    let directory = TemporaryDirectory()
    _ = try Self.fakeSpark(
      in: directory,
      stderr: "Spark master: local[2], Application Id: local-1\nTime taken: 1.5 seconds\rTime taken: 0.25 seconds\n"
        + "Time taken: 2 seconds, Fetched 2 row(s)\n",
      stdout: "segment\t1\tA\t3\nsegment\t2\tB, b\t2\nother\tx\n")
    let progress = RecordingProgress()
    var context = try makeContext()
    context.progress = progress
    let options = SparkOptions(
      master: "local[2]", sparkHome: directory.path + "/spark", conf: ["spark.sql.shuffle.partitions=4"],
      driverMemory: "2g", workDirectory: directory.path + "/work")
    let runner = try SparkRunner(options: options, context: context, environment: ["PATH": "/usr/bin:/bin"])
    var script = SparkScript(title: "Test.")
    script.read(SparkTable("/data/f", format: .parquet), as: "features")
    script.write("SELECT 1", to: SparkTable("/data/out", format: .parquet), replace: false, step: "writing")
    script.select("segment", columns: "1", from: "", step: "counting")
    let run = try runner.run(script, name: "score")
    #expect(
      run.steps == [
        .init(name: "reading /data/f", seconds: 1.5), .init(name: "writing", seconds: 0.25),
        .init(name: "counting", seconds: 2),
      ])
    #expect(run.rows("segment") == [["1", "A", "3"], ["2", "B, b", "2"]])
    #expect(run.script == directory.path + "/work/score/score.sql" && run.eventLog == nil && run.metrics == nil)
    #expect(try String(contentsOfFile: run.script, encoding: .utf8) == script.text)
    let arguments = try String(contentsOfFile: directory.path + "/arguments.txt", encoding: .utf8)
      .split(separator: "\n").map(String.init)
    #expect(
      Array(arguments.prefix(6)) == ["--master", "local[2]", "--name", "segmenta spark score", "--driver-memory", "2g"])
    #expect(arguments.contains("spark.eventLog.enabled=true"))
    #expect(arguments.contains("spark.sql.codegen.hugeMethodLimit=8000"))
    #expect(arguments.contains("spark.eventLog.dir=file://\(directory.path)/work/events"))
    #expect(Array(arguments.suffix(4)) == ["--conf", "spark.sql.shuffle.partitions=4", "-f", run.script])
    let folder = try String(contentsOfFile: directory.path + "/directory.txt", encoding: .utf8)
    #expect(folder.hasSuffix("/work\n"))
    #expect(progress.recorded.contains { $0.detail == "Spark master: local[2], Application Id: local-1" })
    #expect(progress.recorded.contains { $0.detail == "Time taken: 0.25 seconds" })
  }

  @Test("a failed run throws Spark's last error lines, without Java stack frames")
  func failure() throws {
    let directory = TemporaryDirectory()
    _ = try Self.fakeSpark(
      in: directory,
      stderr: "26/01/01 10:00:00 WARN Utils: noise\n[TABLE_OR_VIEW_NOT_FOUND] The table `features` cannot be found.\n"
        + "\tat org.apache.spark.Thing(Thing.scala:1)\n", status: 1)
    let context = try makeContext()
    let options = SparkOptions(sparkHome: directory.path + "/spark", workDirectory: directory.path + "/work")
    let runner = try SparkRunner(options: options, context: context, environment: [:])
    var script = SparkScript(title: "Test.")
    script.add("one", "SELECT 1")
    let error = #expect(throws: SegmentaError.self) { try runner.run(script, name: "tags") }
    #expect(
      error?.message == "Spark failed (exit status 1) running \(directory.path)/work/tags/tags.sql:\n"
        + "[TABLE_OR_VIEW_NOT_FOUND] The table `features` cannot be found.")
  }

  @Test("options: --conf must be KEY=VALUE and the master not empty")
  func options() {
    let conf = #expect(throws: SegmentaError.self) { try SparkOptions(conf: ["spark.x"]).check() }
    #expect(conf?.field == "conf")
    let master = #expect(throws: SegmentaError.self) { try SparkOptions(master: " ").check() }
    #expect(master?.field == "master")
  }

  @Test("the sample query orders by xxhash64 of the id and the seed; strata get largest-remainder quotas")
  func sampleQuery() {
    let plain = SparkSampleWorkflow.sampleQuery(
      table: "`features`", columns: ["customer_id", "arpu"], size: 10, seed: 7, stratify: nil)
    #expect(
      plain
        == "SELECT `customer_id`, `arpu` FROM `features`\nORDER BY xxhash64(`customer_id`, CAST(7 AS BIGINT)), `customer_id`\nLIMIT 10"
    )
    let strata = SparkSampleWorkflow.sampleQuery(
      table: "`features`", columns: ["customer_id", "arpu"], size: 10, seed: 7, stratify: "arpu")
    #expect(strata.contains("`customers` * 10 DIV SUM(`customers`) OVER () AS `base`"))
    #expect(
      strata.contains(
        "ROW_NUMBER() OVER (PARTITION BY f.`arpu` ORDER BY xxhash64(`customer_id`, CAST(7 AS BIGINT)), `customer_id`)"))
  }
}
