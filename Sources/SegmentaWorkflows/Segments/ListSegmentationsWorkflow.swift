import SegmentaCore
import SegmentaStore

/// `segmenta segments list`: every stored version of every segmentation, by name then version
/// (the latest of each name marked).
package struct ListSegmentationsWorkflow: Workflow {
  /// Only the latest version of each name.
  package var latestOnly: Bool

  package init(latestOnly: Bool = false) {
    self.latestOnly = latestOnly
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> [SegmentationSummary] {
    let versions = try context.workspace(for: .read).segmentationVersions()
    return latestOnly ? versions.filter(\.latest) : versions
  }
}
