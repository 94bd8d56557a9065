import SegmentaCore
import SegmentaStore

/// `segmenta products list`: the product catalogue, in catalogue order.
package struct ListProductsWorkflow: Workflow {
  package init() {}

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> [ProductDefinition] {
    try context.workspace(for: .read).products()
  }
}
