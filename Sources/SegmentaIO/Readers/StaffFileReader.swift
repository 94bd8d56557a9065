import Foundation
import SegmentaCore

/// Reads the sales staff file for `campaign export --staff`.
///
/// Columns: `staff_id`, `capacity` (a whole number ≥ 0) and optionally `name`, `region` (empty or
/// `*` serves every region) and `customer_types` (separated by `;` or `|`; empty or `*` serves every
/// type). Any bad row stops the read with its line and column.
package enum StaffFileReader {
  /// The staff, in file order.
  package static func read(path: String) throws -> [StaffMember] {
    let rows = try OutcomeRows(
      path: path, required: ["staff_id", "capacity"], optional: ["name", "region", "customer_types"],
      what: "a staff file", onError: .fail, isImport: false)
    var members: [StaffMember] = []
    var seen = Set<String>()
    try rows.forEach {
      let id = rows.text("staff_id")
      guard !id.isEmpty else { throw rows.problem("staff_id", .badValue, "the staff id is empty") }
      guard seen.insert(id).inserted else { throw rows.problem("staff_id", .duplicate, "staff '\(id)' appears twice") }
      let capacityText = rows.text("capacity")
      guard let capacity = Int(capacityText), capacity >= 0 else {
        throw rows.problem("capacity", .badValue, "expected a whole number ≥ 0, found '\(capacityText)'")
      }
      let region = rows.text("region")
      let types = rows.text("customer_types").split(whereSeparator: { $0 == ";" || $0 == "|" })
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != "*" }
      let name = rows.text("name")
      members.append(
        StaffMember(
          id: id, name: name.isEmpty ? id : name, region: region.isEmpty || region == "*" ? nil : region,
          customerTypes: types, capacity: capacity))
    }
    guard !members.isEmpty else { throw DataFileError(file: path, line: 1, message: "the staff file lists nobody") }
    return members
  }
}
