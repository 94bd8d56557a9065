import Foundation
import SegmentaCore

/// What Spark did for a run, read from its event log (`spark.eventLog.enabled`): per job and stage, the tasks,
/// executor run time, bytes and records read and written, shuffle traffic and spill, as Spark's own listener
/// events (`SparkListenerTaskEnd`'s task metrics) report them.
package struct SparkMetrics: Sendable, Codable, Equatable {
  /// Work counted over a set of tasks.
  package struct Work: Sendable, Codable, Equatable {
    package var tasks = 0
    /// Executor run time summed over tasks, in seconds.
    package var executorRunSeconds = 0.0
    package var inputBytes = 0
    package var inputRecords = 0
    package var outputBytes = 0
    package var outputRecords = 0
    /// Shuffle bytes read, remote and local.
    package var shuffleReadBytes = 0
    package var shuffleWriteBytes = 0
    /// Bytes spilled from memory (their size in memory) and to disk (their size on disk).
    package var memorySpillBytes = 0
    package var diskSpillBytes = 0

    package init() {}

    /// Adds `other`'s counts to these.
    package mutating func add(_ other: Work) {
      tasks += other.tasks
      executorRunSeconds += other.executorRunSeconds
      inputBytes += other.inputBytes
      inputRecords += other.inputRecords
      outputBytes += other.outputBytes
      outputRecords += other.outputRecords
      shuffleReadBytes += other.shuffleReadBytes
      shuffleWriteBytes += other.shuffleWriteBytes
      memorySpillBytes += other.memorySpillBytes
      diskSpillBytes += other.diskSpillBytes
    }
  }

  /// One stage of a job.
  package struct Stage: Sendable, Codable, Equatable {
    package var stage: Int
    package var work: Work
  }

  /// One job: the statement that started it, its wall time and stages.
  package struct Job: Sendable, Codable, Equatable {
    package var job: Int
    /// The first line of the statement (or of Spark's description of the job).
    package var statement: String
    /// From submission to completion, in seconds.
    package var seconds: Double
    package var succeeded: Bool
    package var stages: [Stage]
    /// The stages' work added up.
    package var work: Work
  }

  package var jobs: [Job]
  /// Every job's work added up.
  package var total: Work

  /// Reads an event log: one JSON object per line, as Spark writes it uncompressed.
  ///
  /// Lines that are not JSON objects (a log cut short while Spark was stopping) are passed over.
  package init(eventLog text: String) {
    var jobOrder: [Int] = []
    var jobInfo: [Int: (statement: String, submitted: Double, completed: Double?, succeeded: Bool, stages: [Int])] =
      [:]
    var executions: [String: String] = [:]
    var stageWork: [Int: Work] = [:]
    for line in text.split(separator: "\n") {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let event = object["Event"] as? String
      else { continue }
      switch event {
      case "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart":
        if let id = object["executionId"].map({ "\($0)" }), let description = object["description"] as? String {
          executions[id] = description
        }
      case "SparkListenerJobStart":
        guard let job = Self.int(object["Job ID"]) else { continue }
        let properties = object["Properties"] as? [String: Any] ?? [:]
        let description =
          (properties["spark.job.description"] as? String)
          ?? (properties["spark.sql.execution.id"] as? String).flatMap { executions[$0] } ?? ""
        jobOrder.append(job)
        jobInfo[job] = (
          Self.firstLine(description), Self.double(object["Submission Time"]) ?? 0, nil, false,
          (object["Stage IDs"] as? [Any] ?? []).compactMap(Self.int)
        )
      case "SparkListenerJobEnd":
        guard let job = Self.int(object["Job ID"]) else { continue }
        jobInfo[job]?.completed = Self.double(object["Completion Time"])
        jobInfo[job]?.succeeded = (object["Job Result"] as? [String: Any])?["Result"] as? String == "JobSucceeded"
      case "SparkListenerTaskEnd":
        guard let stage = Self.int(object["Stage ID"]), let metrics = object["Task Metrics"] as? [String: Any]
        else { continue }
        stageWork[stage, default: Work()].add(Self.work(metrics))
      default: continue
      }
    }
    var jobs: [Job] = []
    var total = Work()
    for job in jobOrder {
      guard let info = jobInfo[job] else { continue }
      let stages = info.stages.sorted().compactMap { id in stageWork[id].map { Stage(stage: id, work: $0) } }
      var work = Work()
      for stage in stages { work.add(stage.work) }
      total.add(work)
      jobs.append(
        Job(
          job: job, statement: info.statement,
          seconds: info.completed.map { max(0, $0 - info.submitted) / 1000 } ?? 0, succeeded: info.succeeded,
          stages: stages, work: work))
    }
    self.jobs = jobs
    self.total = total
  }

  /// A task's metrics as ``Work`` (one task).
  private static func work(_ metrics: [String: Any]) -> Work {
    func number(_ object: [String: Any]?, _ key: String) -> Int { int(object?[key]) ?? 0 }
    let input = metrics["Input Metrics"] as? [String: Any]
    let output = metrics["Output Metrics"] as? [String: Any]
    let shuffleRead = metrics["Shuffle Read Metrics"] as? [String: Any]
    let shuffleWrite = metrics["Shuffle Write Metrics"] as? [String: Any]
    var work = Work()
    work.tasks = 1
    work.executorRunSeconds = Double(number(metrics, "Executor Run Time")) / 1000
    work.inputBytes = number(input, "Bytes Read")
    work.inputRecords = number(input, "Records Read")
    work.outputBytes = number(output, "Bytes Written")
    work.outputRecords = number(output, "Records Written")
    work.shuffleReadBytes = number(shuffleRead, "Remote Bytes Read") + number(shuffleRead, "Local Bytes Read")
    work.shuffleWriteBytes = number(shuffleWrite, "Shuffle Bytes Written")
    work.memorySpillBytes = number(metrics, "Memory Bytes Spilled")
    work.diskSpillBytes = number(metrics, "Disk Bytes Spilled")
    return work
  }

  /// The first line of a statement that is not blank or a comment, at most 120 characters.
  static func firstLine(_ text: String) -> String {
    let line =
      text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .first { !$0.isEmpty && !$0.hasPrefix("--") } ?? ""
    return line.count > 120 ? String(line.prefix(119)) + "…" : line
  }

  private static func int(_ value: Any?) -> Int? {
    if let number = value as? NSNumber { return number.intValue }
    return (value as? String).flatMap { Int($0) }
  }

  private static func double(_ value: Any?) -> Double? {
    (value as? NSNumber)?.doubleValue
  }
}
