import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// The profile reports of segmentation versions, computed once per version and kept, so that the
/// segment explorer renders without reading every customer again.
///
/// A version's clusters never change once stored; only its segment names do, and the explorer lays the
/// current names over the kept report (``SegmentNamesWorkflow``). Reports of the latest versions are
/// computed in the background when the server starts and when the segmentations page is shown.
actor SegmentReportCache {
  private struct Key: Hashable {
    var name: String
    var version: Int
  }

  private var reports: [Key: SegmentationReport] = [:]
  private var order: [Key] = []
  private var running: [Key: Task<Result<SegmentationReport, SegmentaError>, Never>] = [:]
  private let capacity = 64

  /// The report of `name` version `version`, computed with `context` unless it is kept.
  func report(name: String, version: Int, context: WorkflowContext) async throws(SegmentaError) -> SegmentationReport {
    let key = Key(name: name, version: version)
    if let report = reports[key] { return report }
    let task: Task<Result<SegmentationReport, SegmentaError>, Never>
    if let current = running[key] {
      task = current
    } else {
      task = Task.detached {
        do {
          let output = try await Blocking.run { () throws(SegmentaError) in
            try ProfileWorkflow(name: name, version: version, format: .json).run(context)
          }
          return .success(output.report)
        } catch {
          return .failure(SegmentaError(error))
        }
      }
      running[key] = task
    }
    let result = await task.value
    running[key] = nil
    let report = try result.get()
    if reports[key] == nil {
      reports[key] = report
      order.append(key)
      if order.count > capacity { reports[order.removeFirst()] = nil }
    }
    return report
  }

  /// Drops the kept report of `name` version `version` (its stability was measured since).
  func forget(name: String, version: Int) {
    let key = Key(name: name, version: version)
    reports[key] = nil
    order.removeAll { $0 == key }
  }

  /// Whether the report of `name` version `version` is kept.
  func has(name: String, version: Int) -> Bool {
    reports[Key(name: name, version: version)] != nil
  }

  /// Computes, one after the other in the background, the reports of `versions` that are not kept.
  nonisolated func warm(_ versions: [SegmentationSummary], context: WorkflowContext) {
    Task.detached(priority: .background) {
      for summary in versions {
        if await self.has(name: summary.name, version: summary.version) { continue }
        _ = try? await self.report(name: summary.name, version: summary.version, context: context)
      }
    }
  }

  /// `report` with the segments' current names.
  static func named(_ report: SegmentationReport, _ names: SegmentNamesWorkflow.Output) -> SegmentationReport {
    var report = report
    for index in report.cards.indices {
      let segment = report.cards[index].profile.id
      guard segment >= 1, segment <= names.names.count else { continue }
      report.cards[index].name = names.names[segment - 1]
      report.cards[index].renamed = names.renamed.contains(segment)
    }
    return report
  }
}
