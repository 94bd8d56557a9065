import SegmentaCore
import SegmentaStore

/// `segmenta contacts status`: how many customers are dormant and void, optionally listing one status's ids.
package struct ContactStatusWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    package var dormant: Int
    package var void: Int
    /// The settings the statuses were worked out with.
    package var settings: ContactStatusSettings
    /// The ids of the customers with the listed status.
    package var customers: [String]?
  }

  /// List the ids of the customers with this status.
  package var list: ContactStatus?

  package init(list: ContactStatus? = nil) {
    self.list = list
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace(for: .read)
    let statuses = try workspace.contactStatuses()
    var output = Output(
      dormant: statuses.values.filter { $0 == .dormant }.count, void: statuses.values.filter { $0 == .void }.count,
      settings: try workspace.contactStatusSettings())
    if let list {
      let keys = statuses.filter { $0.value == list }.map(\.key).sorted()
      output.customers = try workspace.customerIDs(keys: keys)
    }
    return output
  }
}
