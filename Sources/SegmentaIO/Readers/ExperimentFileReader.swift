import Foundation
import SegmentaCore

/// Reads an experiment's outcomes from a CSV file for `segmenta campaign evaluate --input`.
///
/// Columns (any order, names case-insensitive): `customer_id`, `group` (`target` or `control`),
/// `reached` and `converted` (true/false, yes/no, y/n, 1/0 or 是/否) and optionally `revenue` (a
/// number; empty means 0). One row per customer; any bad cell stops the read with its line and column.
package enum ExperimentFileReader {
  /// The required and optional columns.
  package static let required = ["customer_id", "group", "reached", "converted"]
  /// Optional columns.
  package static let optional = ["revenue"]

  /// The outcomes of both groups.
  package static func read(path: String) throws -> (target: ArmOutcome, control: ArmOutcome) {
    let rows = try OutcomeRows(
      path: path, required: required, optional: optional, what: "an experiment file", onError: .fail, isImport: false)
    var target = ArmOutcome()
    var control = ArmOutcome()
    var seen = Set<String>()
    try rows.forEach {
      let id = rows.text("customer_id")
      guard !id.isEmpty else { throw rows.problem("customer_id", .badValue, "the customer id is empty") }
      guard seen.insert(id).inserted else {
        throw rows.problem(
          "customer_id", .duplicate, "customer '\(id)' appears twice; an experiment file has one row per customer")
      }
      let group = rows.text("group").lowercased()
      guard group == "target" || group == "control" else {
        throw rows.problem("group", .badValue, "expected target or control, found '\(rows.text("group"))'")
      }
      let reached = try rows.flag("reached")
      let converted = try rows.flag("converted")
      let revenue = try rows.number("revenue")
      if group == "target" {
        target.add(reached: reached, converted: converted, revenue: revenue)
      } else {
        control.add(reached: reached, converted: converted, revenue: revenue)
      }
    }
    return (target, control)
  }
}
