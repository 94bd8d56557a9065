/// A column of the customer table, as the workspace catalogues it.
public struct CustomerColumn: Sendable, Equatable, Codable {
  /// Position in the catalogue (order of first import, from 1).
  public var position: Int
  /// The name from the file's header.
  public var name: String
  /// The SQL column holding it (`c1`, `c2`, …), so that any header text is safe in SQL.
  public var storage: String
  /// The type of its values.
  public var type: ColumnType
  /// Whether the column holds personal contact data (phone numbers, e-mail addresses), which is
  /// masked in exports and never quoted in messages.
  public var personal: Bool

  /// Creates a catalogue entry.
  public init(position: Int, name: String, storage: String, type: ColumnType, personal: Bool) {
    self.position = position
    self.name = name
    self.storage = storage
    self.type = type
    self.personal = personal
  }

  /// Parts of column names that mark personal contact data unless a schema says otherwise.
  public static let personalNameParts = [
    "phone", "mobile", "msisdn", "email", "e-mail", "e_mail", "手机", "电话", "邮箱",
  ]

  /// Whether a header name looks like a phone or e-mail column.
  public static func looksPersonal(_ name: String) -> Bool {
    let lower = name.lowercased()
    return personalNameParts.contains { lower.contains($0) }
  }
}
