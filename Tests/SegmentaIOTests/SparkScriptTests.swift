import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import Testing

@Suite("Spark scripts: views over inputs, written outputs, statements and the event log's metrics")
struct SparkScriptTests {
  @Test("Parquet, CSV with a schema and catalogue tables are read as views or used as they are")
  func preambles() {
    var script = SparkScript(title: "Test.")
    script.read(SparkTable("/data/features", format: .parquet), as: "features")
    script.read(
      SparkTable("/data/it's.csv", format: .csv), as: "wide", columns: [("customer_id", "STRING"), ("arpu", "DOUBLE")])
    script.read(SparkTable("/data/customers.csv", format: .csv), as: "customers")
    script.read(SparkTable("warehouse.customers", format: .table), as: "ignored")
    #expect(
      script.text == """
        -- Test.
        -- Written by Segmenta for Spark SQL (spark-sql -f); one statement per step.

        -- reading /data/features
        CREATE TEMPORARY VIEW `features` USING parquet OPTIONS (path '/data/features');

        -- reading /data/it's.csv
        CREATE TEMPORARY VIEW `wide` (`customer_id` STRING, `arpu` DOUBLE) USING csv OPTIONS (path '/data/it\\'s.csv', header 'true', escape '"');

        -- reading /data/customers.csv
        CREATE TEMPORARY VIEW `customers` USING csv OPTIONS (path '/data/customers.csv', header 'true', escape '"');

        """)
    #expect(
      SparkScript.reference(SparkTable("warehouse.customers", format: .table), view: "x") == "warehouse.customers")
    #expect(SparkScript.reference(SparkTable("/data/f", format: .parquet), view: "x") == "x")
  }

  @Test("outputs: INSERT OVERWRITE DIRECTORY for files, CREATE TABLE AS for the catalogue, dropped only to replace")
  func outputs() {
    var script = SparkScript(title: "Out.")
    script.write("SELECT 1 AS a;\n", to: SparkTable("/out/p", format: .parquet), replace: false, step: "one")
    script.write("SELECT 1 AS a", to: SparkTable("/out/c", format: .csv), replace: false, step: "two")
    script.write("SELECT 1 AS a", to: SparkTable("db.scores", format: .table), replace: false, step: "three")
    script.write("SELECT 1 AS a", to: SparkTable("db.scores", format: .table), replace: true, step: "four")
    #expect(
      script.statements.map(\.sql) == [
        "INSERT OVERWRITE DIRECTORY '/out/p' USING parquet\nSELECT 1 AS a;",
        "INSERT OVERWRITE DIRECTORY '/out/c' USING csv OPTIONS (header 'true', escape '\"')\nSELECT 1 AS a;",
        "CREATE TABLE `db`.`scores` USING parquet AS\nSELECT 1 AS a;",
        "DROP TABLE IF EXISTS `db`.`scores`;",
        "CREATE TABLE `db`.`scores` USING parquet AS\nSELECT 1 AS a;",
      ])
    #expect(script.statements.map(\.step) == ["one", "two", "three", "four", "four"])
  }

  @Test("a compiled script splits where a line ends with ';', not in its comments")
  func statements() {
    var script = SparkScript(title: "Tags.")
    script.add(
      statements:
        "-- header;\n-- more\nDROP TABLE IF EXISTS `t`;\nCREATE TABLE `t` (`a` STRING);\n\n-- x: rule\nINSERT INTO `t`\nSELECT 'a';\n",
      step: "tagging")
    #expect(
      script.statements.map(\.sql) == [
        "-- header;\n-- more\nDROP TABLE IF EXISTS `t`;", "CREATE TABLE `t` (`a` STRING);",
        "-- x: rule\nINSERT INTO `t`\nSELECT 'a';",
      ])
  }

  @Test("the event log gives each job's statement, time, tasks, bytes, records, shuffle and spill")
  func eventLog() throws {
    let log = """
      {"Event":"SparkListenerLogStart","Spark Version":"3.5.3"}
      {"Event":"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart","executionId":3,"description":"-- c\\nSELECT COUNT(*) FROM f"}
      {"Event":"SparkListenerJobStart","Job ID":0,"Submission Time":1000,"Stage IDs":[0,1],"Properties":{"spark.sql.execution.id":"3"}}
      {"Event":"SparkListenerTaskEnd","Stage ID":0,"Task Metrics":{"Executor Run Time":1500,"Memory Bytes Spilled":10,"Disk Bytes Spilled":5,"Input Metrics":{"Bytes Read":100,"Records Read":7},"Shuffle Write Metrics":{"Shuffle Bytes Written":40}}}
      {"Event":"SparkListenerTaskEnd","Stage ID":0,"Task Metrics":{"Executor Run Time":500,"Input Metrics":{"Bytes Read":50,"Records Read":3},"Shuffle Write Metrics":{"Shuffle Bytes Written":20}}}
      {"Event":"SparkListenerTaskEnd","Stage ID":1,"Task Metrics":{"Executor Run Time":250,"Shuffle Read Metrics":{"Remote Bytes Read":25,"Local Bytes Read":35},"Output Metrics":{"Bytes Written":9,"Records Written":1}}}
      {"Event":"SparkListenerJobEnd","Job ID":0,"Completion Time":3500,"Job Result":{"Result":"JobSucceeded"}}
      {"Event":"SparkListenerJobStart","Job ID":1,"Submission Time":4000,"Stage IDs":[2],"Properties":{"spark.job.description":"INSERT OVERWRITE DIRECTORY '/x'"}}
      {"Event":"SparkListenerJobEnd","Job ID":1,"Completion Time":4100,"Job Result":{"Result":"JobFailed"}}
      {"Event":"SparkListenerTaskEnd","Stage ID":
      """
    let metrics = SparkMetrics(eventLog: log)
    #expect(metrics.jobs.map(\.job) == [0, 1])
    let first = metrics.jobs[0]
    #expect(first.statement == "SELECT COUNT(*) FROM f" && first.seconds == 2.5 && first.succeeded)
    #expect(first.stages.map(\.stage) == [0, 1])
    #expect(first.stages[0].work.tasks == 2 && first.stages[0].work.executorRunSeconds == 2)
    #expect(first.stages[0].work.inputBytes == 150 && first.stages[0].work.inputRecords == 10)
    #expect(first.stages[0].work.shuffleWriteBytes == 60)
    #expect(first.stages[0].work.memorySpillBytes == 10 && first.stages[0].work.diskSpillBytes == 5)
    #expect(first.stages[1].work.shuffleReadBytes == 60 && first.stages[1].work.outputRecords == 1)
    #expect(first.work.tasks == 3 && metrics.total.tasks == 3 && metrics.total.executorRunSeconds == 2.25)
    #expect(metrics.jobs[1].statement == "INSERT OVERWRITE DIRECTORY '/x'" && !metrics.jobs[1].succeeded)
    #expect(metrics.jobs[1].stages.isEmpty && metrics.jobs[1].seconds == 0.1)
  }

  @Test("an output folder that exists needs replace; one holding or inside a protected file is always refused")
  func folders() throws {
    let directory = TemporaryDirectory()
    for folder in ["w", "in", "lake/features"] {
      try FileManager.default.createDirectory(atPath: directory.path + "/" + folder, withIntermediateDirectories: true)
    }
    let workspace = directory.write("w/segmenta.db", "x")
    let input = directory.write("in/features.csv", "customer_id\n")
    let protected =
      ProtectedPath.workspace(workspace) + [
        ProtectedPath.input(input), ProtectedPath.input(directory.path + "/lake/features"),
      ]
    try OutputGuard.checkFolder(directory.path + "/scores", option: "--out", protected: protected, replace: false)
    try FileManager.default.createDirectory(atPath: directory.path + "/scores", withIntermediateDirectories: true)
    let exists = #expect(throws: SegmentaError.self) {
      try OutputGuard.checkFolder(directory.path + "/scores/", option: "--out", protected: protected, replace: false)
    }
    #expect(exists?.message.contains("--replace") == true)
    try OutputGuard.checkFolder(directory.path + "/scores", option: "--out", protected: protected, replace: true)
    for (folder, word) in [
      ("/w", "holds the workspace"), ("/in", "holds an input"), ("/lake/features/scores", "lies inside an input"),
      ("/lake/features", "is an input"), ("/lake", "holds an input"),
    ] {
      let error = #expect(throws: SegmentaError.self) {
        try OutputGuard.checkFolder(directory.path + folder, option: "--out", protected: protected, replace: true)
      }
      #expect(error?.message.contains(word) == true, "\(folder): \(String(describing: error?.message))")
    }
    let file = #expect(throws: SegmentaError.self) {
      try OutputGuard.checkFolder(input, option: "--out", protected: [], replace: true)
    }
    #expect(file != nil)
  }
}
