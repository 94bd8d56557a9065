import Foundation
import SegmentaCore
import SegmentaStore

/// The rule data of a workspace kept between checks, for a server whose rule editor checks and counts
/// a rule on every keystroke: loading the wide table, the segmentations and every column a rule reads
/// once, not per check.
///
/// An entry is used while the workspace is unchanged: another process's commit changes SQLite's
/// `data_version`, and the owner calls ``clear()`` after its own changes.
package final class RuleDataCache: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [String: (data: WorkspaceRuleData, version: Int)] = [:]

  package init() {}

  /// Forgets every entry (after a change of the workspace).
  package func clear() {
    lock.withLock { entries = [:] }
  }

  /// The rule data of `period` (nil: the latest), loaded when missing or out of date.
  func data(workspace: Workspace, period: String?) throws(SegmentaError) -> WorkspaceRuleData {
    let key = period ?? ""
    let version = try workspace.dataVersion()
    if let entry = lock.withLock({ entries[key] }), entry.version == version { return entry.data }
    let data = try WorkspaceRuleData(workspace: workspace, period: period, remembering: true)
    lock.withLock {
      if entries.count >= 4 { entries = [:] }
      entries[key] = (data, version)
    }
    return data
  }
}
