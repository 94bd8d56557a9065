import SegmentaCore
import SegmentaStore

/// `segmenta features periods`: the stored wide-table periods, oldest first.
package struct ListPeriodsWorkflow: Workflow {
  package init() {}

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> [PeriodInfo] {
    try context.workspace(for: .read).periods()
  }
}
