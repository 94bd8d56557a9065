import Foundation
import SegmentaCore
import SegmentaIO

/// Runs Spark SQL scripts with `spark-sql -f`: finds Spark, passes the master and settings, turns Spark's log into
/// progress, fails with Spark's last error lines, and reads back each step's wall time, the rows of the queries
/// the script selects and Spark's own metrics from the event log.
///
/// A `segmenta spark` command builds a ``SparkScript`` (views over its inputs, the compiled query, the outputs
/// and small aggregate queries) and calls ``run(_:name:)``:
///
/// ```swift
/// let runner = try SparkRunner(options: options, context: context)
/// var script = SparkScript(title: "…")
/// script.read(input, as: "features")
/// script.write(query, to: output, replace: options.replace, step: "scoring")
/// let run = try runner.run(script, name: "score")
/// ```
package struct SparkRunner: Sendable {
  package var options: SparkOptions
  /// The `spark-sql` program run.
  package var program: String
  /// The work folder, absolute.
  package var workDirectory: String
  private var environment: [String: String]
  private var context: WorkflowContext

  /// Finds `spark-sql` and makes the work folder (with its `events` folder).
  package init(
    options: SparkOptions, context: WorkflowContext,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(SegmentaError) {
    try options.check()
    self.options = options
    self.context = context
    let program = try Self.locate("spark-sql", sparkHome: options.sparkHome, environment: environment)
    self.program = program
    var environment = environment
    if let home = options.sparkHome ?? environment["SPARK_HOME"], !home.isEmpty,
      program == Self.absolute(home) + "/bin/spark-sql"
    {
      environment["SPARK_HOME"] = Self.absolute(home)
    }
    // Spark's launch scripts (and pyspark's, which find Spark beside their Python) look beside the program first.
    let folder = (program as NSString).deletingLastPathComponent
    environment["PATH"] = folder + (environment["PATH"].map { ":" + $0 } ?? "")
    self.environment = environment
    let work =
      options.workDirectory
      ?? ((context.workspacePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
        "spark-work")
    workDirectory = Self.absolute(work.isEmpty ? "spark-work" : work)
    let events = workDirectory + "/events"
    try SegmentaError.catching {
      try FileManager.default.createDirectory(atPath: events, withIntermediateDirectories: true)
    }
  }

  /// The path of `program` (`spark-sql`, `spark-submit`): `SPARK_HOME/bin/PROGRAM` for `sparkHome` (or the
  /// `SPARK_HOME` variable when `sparkHome` is nil), else the first executable `PROGRAM` on `PATH`.
  ///
  /// Throws `missingPrerequisite` naming every place looked at and how to get Spark.
  package static func locate(_ program: String, sparkHome: String?, environment: [String: String]) throws(SegmentaError)
    -> String
  {
    var looked: [String] = []
    let manager = FileManager.default
    if let home = sparkHome {
      let candidate = absolute(home) + "/bin/" + program
      if manager.isExecutableFile(atPath: candidate) { return candidate }
      throw SegmentaError(
        .missingPrerequisite,
        "--spark-home '\(home)' has no program bin/\(program) (looked for \(candidate)); give the folder Apache "
          + "Spark is installed in, or pyspark's package folder (…/site-packages/pyspark)", field: "spark-home")
    }
    if let home = environment["SPARK_HOME"], !home.isEmpty {
      let candidate = absolute(home) + "/bin/" + program
      if manager.isExecutableFile(atPath: candidate) { return candidate }
      looked.append("\(candidate) (SPARK_HOME)")
    } else {
      looked.append("$SPARK_HOME/bin/\(program) (SPARK_HOME is not set)")
    }
    let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
    for folder in folders {
      let candidate = folder + "/" + program
      if manager.isExecutableFile(atPath: candidate) { return absolute(candidate) }
    }
    looked.append("\(program) on PATH (\(folders.isEmpty ? "PATH is empty" : folders.joined(separator: ":")))")
    throw SegmentaError(
      .missingPrerequisite,
      "cannot find Spark's \(program): looked for \(looked.joined(separator: " and ")). Install Apache Spark and "
        + "pass --spark-home or set SPARK_HOME, or `pip install pyspark==3.5.3` and pass --spark-home "
        + "…/site-packages/pyspark")
  }

  /// Where a run of `name` keeps its script and the files it brings back: `WORK/NAME`, created.
  package func folder(for name: String) throws(SegmentaError) -> String {
    let folder = workDirectory + "/" + name
    try SegmentaError.catching {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    return folder
  }

  /// Writes `script` to `WORK/NAME/NAME.sql` and runs it with `spark-sql -f`, reporting Spark's log lines as
  /// progress.
  ///
  /// Throws `internal`-free, actionable errors: Spark's exit status and its last error lines when it fails.
  package func run(_ script: SparkScript, name: String) throws(SegmentaError) -> SparkRun {
    let folder = try folder(for: name)
    let scriptPath = folder + "/" + name + ".sql"
    try TextOutput.write(script.text, to: .file(scriptPath))
    let events = workDirectory + "/events"
    let before = Set((try? FileManager.default.contentsOfDirectory(atPath: events)) ?? [])
    var arguments = ["--master", options.master, "--name", "segmenta spark \(name)"]
    if let memory = options.driverMemory { arguments += ["--driver-memory", memory] }
    let settings = [
      "spark.eventLog.enabled=true",
      "spark.eventLog.dir=file://\(events)",
      "spark.sql.warehouse.dir=file://\(workDirectory)/warehouse",
      "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=\(workDirectory)/metastore_db;create=true",
      "spark.ui.showConsoleProgress=false",
      // A compiled model or feature query makes one long generated method; the JVM does not compile a method of
      // more than 8,000 bytes of bytecode, so Spark's whole-stage code would run interpreted. At this limit Spark
      // generates code per expression instead (scoring 10M customers: 258.6 s → 39.0 s in local[2]).
      "spark.sql.codegen.hugeMethodLimit=8000",
    ]
    for setting in settings + options.conf { arguments += ["--conf", setting] }
    arguments += ["-f", scriptPath]

    let started = Date()
    let step = "running on Spark (\(options.master))"
    context.progress.report(.status(step, "starting \(program)"))
    let result = try SparkProcess.run(
      program: program, arguments: arguments, directory: workDirectory, environment: environment
    ) { line in
      context.progress.report(.status(step, line))
    }
    let seconds = Date().timeIntervalSince(started)
    guard result.status == 0 else {
      let lines = SparkProcess.errorLines(result.stderr)
      throw SegmentaError(
        .invalidData,
        "Spark failed (exit status \(result.status)) running \(scriptPath)"
          + (lines.isEmpty ? "" : ":\n" + lines.joined(separator: "\n")))
    }
    let after = Set((try? FileManager.default.contentsOfDirectory(atPath: events)) ?? [])
    let log = after.subtracting(before).sorted().first { !$0.hasPrefix(".") }.map { events + "/" + $0 }
    let metrics = log.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }.map(SparkMetrics.init(eventLog:))
    return SparkRun(
      script: scriptPath, eventLog: log, master: options.master, seconds: seconds,
      steps: Self.steps(of: script, stderr: result.stderr), metrics: metrics, stdout: result.stdout)
  }

  /// The wall time of each step: Spark prints `Time taken: S seconds` after every statement, in order.
  static func steps(of script: SparkScript, stderr: String) -> [SparkRun.Step] {
    let times = stderr.split(whereSeparator: \.isNewline).compactMap { line -> Double? in
      guard let range = line.range(of: "Time taken: ") else { return nil }
      return Double(line[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }
    var steps: [SparkRun.Step] = []
    for (index, statement) in script.statements.enumerated() {
      let time = index < times.count ? times[index] : 0
      if let last = steps.last, last.name == statement.step {
        steps[steps.count - 1].seconds += time
      } else {
        steps.append(SparkRun.Step(name: statement.step, seconds: time))
      }
    }
    return steps
  }

  static func absolute(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
  }
}

/// A finished Spark run: its script and event log, wall times, Spark's metrics and the rows of its queries.
package struct SparkRun: Sendable, Codable {
  /// One step of the script and its wall time as Spark reports it.
  package struct Step: Sendable, Codable, Equatable {
    package var name: String
    package var seconds: Double
  }

  /// The script run.
  package var script: String
  /// Spark's event log of the run, when it wrote one.
  package var eventLog: String?
  package var master: String
  /// From starting `spark-sql` to its exit, in seconds.
  package var seconds: Double
  package var steps: [Step]
  /// Spark's metrics from the event log (absent when no log was found).
  package var metrics: SparkMetrics?
  private var stdout: String

  init(
    script: String, eventLog: String?, master: String, seconds: Double, steps: [Step], metrics: SparkMetrics?,
    stdout: String
  ) {
    self.script = script
    self.eventLog = eventLog
    self.master = master
    self.seconds = seconds
    self.steps = steps
    self.metrics = metrics
    self.stdout = stdout
  }

  private enum CodingKeys: String, CodingKey {
    case script, eventLog, master, seconds, steps, metrics
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    script = try container.decode(String.self, forKey: .script)
    eventLog = try container.decodeIfPresent(String.self, forKey: .eventLog)
    master = try container.decode(String.self, forKey: .master)
    seconds = try container.decode(Double.self, forKey: .seconds)
    steps = try container.decode([Step].self, forKey: .steps)
    metrics = try container.decodeIfPresent(SparkMetrics.self, forKey: .metrics)
    stdout = ""
  }

  /// The rows a ``SparkScript/select(_:columns:from:step:)`` named `name` returned, each without the name.
  package func rows(_ name: String) -> [[String]] {
    stdout.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      return fields.first == name ? Array(fields.dropFirst()) : nil
    }
  }
}
