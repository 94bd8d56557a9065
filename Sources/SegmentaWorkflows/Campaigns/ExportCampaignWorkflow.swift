import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta campaign export`: the contact list of a selected campaign for its channel, recorded in
/// the export audit (with the user) and the contact log (which feeds the frequency cap).
///
/// Columns: customer_id, the contact column (masked unless `reveal`), product, offer, channel, the
/// group (with a random control group, which is contacted too) and, when stratified, segment; with
/// staff, staff_id and staff_name. Every cell is neutralised against spreadsheet formulas (by the
/// CSV writer, as in every CSV Segmenta writes); phone
/// numbers are written in their safe form. A hold-out control group is never exported.
package struct ExportCampaignWorkflow: Workflow {
  /// Sales staff to assign the contacts to.
  package struct Staff: Sendable {
    /// A staff CSV (staff_id, name, region, customer_types, capacity).
    package var path: String
    /// The customer column matched against the staff's region.
    package var regionColumn: String?
    /// The customer column matched against the customer types a staff member serves.
    package var typeColumn: String?

    package init(path: String, regionColumn: String?, typeColumn: String?) {
      self.path = path
      self.regionColumn = regionColumn
      self.typeColumn = typeColumn
    }
  }

  /// What one staff member was assigned.
  package struct StaffLoad: Sendable, Codable {
    package var id: String
    package var name: String
    /// Contacts assigned.
    package var assigned: Int
    /// Most contacts the member takes.
    package var capacity: Int
  }

  package struct Output: Sendable, Codable {
    /// The audit record.
    package var record: ExportRecord
    /// Per staff member, when staff were assigned.
    package var staff: [StaffLoad]?
    /// Contacts left without staff, by reason.
    package var unassigned: [StaffAssignment.Unassigned: Int]?
  }

  /// The campaign.
  package var name: String
  /// The CSV file to write.
  package var out: String
  /// Write phone numbers and e-mail addresses unmasked (recorded in the audit).
  package var reveal: Bool
  package var staff: Staff?

  package init(name: String, out: String, reveal: Bool = false, staff: Staff? = nil) {
    self.name = name
    self.out = out
    self.reveal = reveal
    self.staff = staff
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let target = try context.checkOutput(out, option: "--out", inputs: [staff?.path])
    let workspace = try context.workspace()
    let members = try staff.map { staff throws(SegmentaError) in
      try SegmentaError.catching { try StaffFileReader.read(path: staff.path) }
    }
    if reveal { try context.require(.revealContacts, to: "reveal contacts") }
    let campaign = try context.campaign(named: name, in: workspace)
    let spec = campaign.spec
    guard campaign.selection != nil else {
      throw SegmentaError(
        .missingPrerequisite, "campaign '\(name)' has no selection yet; run `segmenta campaign select \(name)`")
    }
    // A hold-out control group is never contacted; a random one is contacted like the targets.
    let targets = try workspace.campaignMembers(name).filter { $0.isTarget || spec.control == .random }
    let keys = targets.map(\.key)
    let setup = try CampaignContactSetup(spec, workspace: workspace)
    let ids = try workspace.customerIDs(keys: keys)
    let addresses = try setup.contact.map { column throws(SegmentaError) in
      try workspace.customerText(columns: [column.name], keys: keys)[column.name] ?? []
    }
    var header = ["customer_id"]
    if let contact = setup.contact { header.append(contact.name) }
    header += ["product", "offer", "channel"]
    if spec.control == .random { header.append("group") }
    let stratified = spec.stratifyBy != nil
    if stratified { header.append("segment") }
    var assignment: StaffAssignment?
    if let staff, let members {
      let columns = try workspace.customerColumns()
      for name in [staff.regionColumn, staff.typeColumn].compactMap({ $0 })
      where !columns.contains(where: { $0.name == name }) {
        throw SegmentaError(.notFound, "'\(name)' is not a customer column (staff are matched on it)", field: name)
      }
      let texts = try workspace.customerText(
        columns: [staff.regionColumn, staff.typeColumn].compactMap { $0 }, keys: keys)
      let regions = staff.regionColumn.flatMap { texts[$0] }
      let types = staff.typeColumn.flatMap { texts[$0] }
      assignment = StaffAssignment(
        contacts: keys.indices.map { (regions?[$0] ?? nil, types?[$0] ?? nil) }, members: members)
      header += ["staff_id", "staff_name"]
    }
    try SegmentaError.catching {
      let writer = try CSVWriter(target: target, header: header)
      for (index, member) in targets.enumerated() {
        var row = [ids[index]]
        if let addresses {
          let raw = addresses[index] ?? ""
          if spec.channel.address == .phone, let safe = ContactSafety.phone(raw) {
            row.append(reveal ? safe : ContactSafety.maskPhone(safe))
          } else if spec.channel.address == .email {
            row.append(reveal ? raw : ContactSafety.maskEmail(raw))
          } else {
            row.append(reveal ? raw : "***")
          }
        }
        row += [spec.product, spec.offer, spec.channel.rawValue]
        if spec.control == .random { row.append(member.isTarget ? "target" : "control") }
        if stratified { row.append(member.stratum.map { "\($0)" } ?? "") }
        if let assignment, let members {
          let assigned = assignment.staff[index].map { members[$0] }
          row += [assigned?.id ?? "", assigned?.name ?? ""]
        }
        try writer.write(row)
      }
      try writer.close()
    }
    let record = ExportRecord(
      campaign: name, exportedAt: CivilDate.isoString(seconds: Int64(Date().timeIntervalSince1970)) + "Z",
      user: context.user, command: context.command, file: out, rows: targets.count, revealed: reveal)
    try workspace.recordExport(record, channel: spec.channel.rawValue, keys: keys)
    guard let assignment, let members else { return Output(record: record) }
    return Output(
      record: record,
      staff: members.enumerated().map { index, member in
        StaffLoad(id: member.id, name: member.name, assigned: assignment.load[index], capacity: member.capacity)
      },
      unassigned: assignment.unassigned)
  }
}
