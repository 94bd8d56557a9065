/// One row of the export audit: who wrote which customer list, when, and whether contacts were shown.
public struct ExportRecord: Sendable, Equatable, Codable {
  /// What kind of list was exported.
  public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
    /// A campaign's contact list.
    case campaign
    /// A segmentation's members.
    case segments
    /// A period's wide table.
    case features
    /// Recommended products per customer.
    case recommendations
    /// One customer's personal columns, revealed on the server (the subject is the customer's id).
    case contacts
    /// The members of a segment, a tag or a rule, with the columns asked for.
    case members
  }

  /// What kind of list.
  public var kind: Kind
  /// The campaign exported; for other kinds, the segmentation, the period or the customer.
  public var campaign: String
  /// When, ISO 8601 in UTC.
  public var exportedAt: String
  /// Who: the operating-system user of the exporting process (or the server's signed-in user).
  public var user: String
  /// The command that exported, as typed (or the server's request).
  public var command: String
  /// The file written.
  public var file: String
  /// Contact rows written.
  public var rows: Int
  /// Whether phone numbers and e-mail addresses were written unmasked.
  public var revealed: Bool

  /// Creates a record.
  public init(
    kind: Kind = .campaign, campaign: String, exportedAt: String, user: String, command: String, file: String,
    rows: Int, revealed: Bool
  ) {
    self.kind = kind
    self.campaign = campaign
    self.exportedAt = exportedAt
    self.user = user
    self.command = command
    self.file = file
    self.rows = rows
    self.revealed = revealed
  }
}
