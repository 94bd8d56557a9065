import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// The demo's value analysis: the generated top-ups summarised per customer, the 80/20 line and value
/// tiers of total spend, and lifetime value.
package enum DemoValue {
  /// What the analysis found.
  package struct Report: Sendable, Codable {
    /// The transaction file (`topups.csv`).
    package var file: String
    package var build: BuildValueWorkflow.Output
    package var pareto: ParetoWorkflow.Output
    package var clv: LifetimeValueWorkflow.Output
    /// Customers of the top value tier.
    package var topTierCustomers: Int
    /// Mean 12-month CLV of the top value tier's customers (nil when none has one).
    package var topTierMeanClv: Double?
  }

  /// Writes the top-ups of `generator`'s customers to `folder` and runs value build, pareto on
  /// `total_value` and clv over the demo workspace (customers imported).
  static func run(_ context: WorkflowContext, generator: DemoGenerator, folder: String) throws(SegmentaError)
    -> Report
  {
    context.progress.report(.status("generating top-ups", "\(generator.customerCount) customers"))
    let written = try SegmentaError.catching { try DemoTopUpWriter.write(generator, to: folder) }
    let build = try BuildValueWorkflow(transactionsPath: written.path).run(context)
    let pareto = try ParetoWorkflow(column: "total_value").run(context)
    let clv = try LifetimeValueWorkflow().run(context)
    let (customers, meanClv) = try topTierMean(context, segmentation: pareto.segmentation, column: clv.column)
    return Report(
      file: written.path, build: build, pareto: pareto, clv: clv, topTierCustomers: customers,
      topTierMeanClv: meanClv)
  }

  /// The customers of the first tier of `segmentation` and the mean of `column` over those who have it.
  static func topTierMean(_ context: WorkflowContext, segmentation name: String, column: String)
    throws(SegmentaError) -> (customers: Int, mean: Double?)
  {
    let workspace = try context.workspace()
    let tiers = try workspace.segmentation(named: name)
    let table = try workspace.valueTable()
    guard let values = table.columns[column] else { return (0, nil) }
    var row: [Int64: Int] = [:]
    row.reserveCapacity(table.customerKeys.count)
    for (index, key) in table.customerKeys.enumerated() { row[key] = index }
    var customers = 0
    var sum = 0.0
    var counted = 0
    for (index, key) in tiers.customerKeys.enumerated() where tiers.groups[index] == 0 {
      customers += 1
      if let i = row[key], values[i].isFinite {
        sum += values[i]
        counted += 1
      }
    }
    return (customers, counted == 0 ? nil : sum / Double(counted))
  }
}
