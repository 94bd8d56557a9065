import SegmentaCore
import SegmentaStore

/// The customer columns a campaign reads to suppress and reach customers.
struct CampaignContactSetup {
  /// Opt-out columns: the spec's `opt_out`, else `<channel>_opt_out` when the workspace has it.
  var optOut: [String]
  /// The do-not-contact column, when the spec does not name opt-out columns and the workspace has one.
  var doNotContact: String?
  /// The column with the channel's address (phone or e-mail), when the channel needs one.
  var contact: CustomerColumn?

  /// Finds the columns `spec` uses in `workspace`.
  ///
  /// - Throws: when a named column is missing, or a channel needs an address column and none looks
  ///   like one.
  init(_ spec: CampaignSpec, workspace: Workspace) throws(SegmentaError) {
    let columns = try workspace.customerColumns()
    func column(_ name: String) -> CustomerColumn? { columns.first { $0.name.lowercased() == name.lowercased() } }
    optOut = []
    doNotContact = nil
    if let named = spec.optOutColumns {
      for name in named {
        guard let found = column(name) else {
          throw SegmentaError(.notFound, "opt_out names '\(name)', which is not a customer column", field: name)
        }
        optOut.append(found.name)
      }
    } else {
      if let found = column("\(spec.channel.rawValue)_opt_out") { optOut.append(found.name) }
      doNotContact = try workspace.doNotContactColumn()
    }
    contact = nil
    if let kind = spec.channel.address {
      if let name = spec.contactColumn {
        guard let found = column(name) else {
          throw SegmentaError(
            .notFound, "contact_column names '\(name)', which is not a customer column", field: name)
        }
        contact = found
      } else {
        let parts = kind == .phone ? ["phone", "mobile", "msisdn", "手机", "电话"] : ["email", "e-mail", "e_mail", "邮箱"]
        contact = columns.first { column in
          column.personal && parts.contains { column.name.lowercased().contains($0) }
        }
        guard contact != nil else {
          throw SegmentaError(
            .missingPrerequisite,
            "channel \(spec.channel.rawValue) needs a \(kind.rawValue) column, and the workspace has none that looks like "
              + "one; name it with contact_column")
        }
      }
    }
  }
}
