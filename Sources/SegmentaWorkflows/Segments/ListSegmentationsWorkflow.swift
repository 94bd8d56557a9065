import SegmentaCore
import SegmentaStore

/// `segmenta segments list`: the latest version of every stored segmentation, by name.
package struct ListSegmentationsWorkflow: Workflow {
  package init() {}

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> [SegmentationSummary] {
    try context.workspace().segmentations()
  }
}
