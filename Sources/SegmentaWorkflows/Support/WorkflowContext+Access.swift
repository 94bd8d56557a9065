import Foundation
import SegmentaCore
import SegmentaStore

extension WorkflowContext {
  /// Whether the context's user may do `permission` (always on the command line).
  package func allows(_ permission: Permission) -> Bool {
    role?.allows(permission) ?? true
  }

  /// Throws ``SegmentaError/Code/forbidden`` unless the context's user may do `permission`.
  package func require(_ permission: Permission, to action: String) throws(SegmentaError) {
    guard allows(permission) else {
      throw SegmentaError(
        .forbidden, "the role '\(role?.rawValue ?? "")' may not \(action); ask an administrator")
    }
  }

  /// Whether the context's user may see `campaign`: every campaign with ``Permission/readAllCampaigns``,
  /// otherwise only the campaigns they created.
  package func maySee(_ campaign: StoredCampaign) -> Bool {
    allows(.readAllCampaigns) || campaign.owner == user
  }

  /// The campaign `name`, if the context's user may see it; one they may not see is reported as not
  /// found, so that names of others' campaigns are not disclosed either.
  package func campaign(named name: String, in workspace: Workspace) throws(SegmentaError) -> StoredCampaign {
    let campaign: StoredCampaign
    do {
      campaign = try workspace.campaign(named: name)
    } catch  where error.code == .notFound && !allows(.readAllCampaigns) {
      // The workspace's message lists every campaign; name only those the user may see.
      let yours = try workspace.campaigns().filter(maySee).map(\.spec.name)
      throw SegmentaError(
        .notFound,
        "no campaign '\(name)' of yours" + (yours.isEmpty ? "" : "; yours are: \(yours.joined(separator: ", "))"))
    }
    guard maySee(campaign) else { throw SegmentaError(.notFound, "no campaign '\(name)' of yours") }
    return campaign
  }

  /// Records in the export audit that the context's user wrote `rows` customers of `subject` to `file`
  /// (`revealed`: with personal columns unmasked).
  package func audit(
    _ kind: ExportRecord.Kind, subject: String, file: String, rows: Int, revealed: Bool = false
  ) throws(SegmentaError) {
    let record = ExportRecord(
      kind: kind, campaign: subject, exportedAt: Self.timestamp(), user: user, command: command, file: file,
      rows: rows, revealed: revealed)
    try workspace(for: .write).recordExport(record)
  }

  /// Now, ISO 8601 in UTC with seconds, as the audit records it.
  static func timestamp() -> String {
    CivilDate.isoString(seconds: Int64(Date().timeIntervalSince1970)) + "Z"
  }
}
