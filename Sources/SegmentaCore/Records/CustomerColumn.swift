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
  /// Whether the column holds personal data (phone numbers, e-mail and postal addresses, identity
  /// numbers, names): never a feature, a category or part of a report, masked in exports, never
  /// quoted in messages.
  public var personal: Bool

  /// Creates a catalogue entry.
  public init(position: Int, name: String, storage: String, type: ColumnType, personal: Bool) {
    self.position = position
    self.name = name
    self.storage = storage
    self.type = type
    self.personal = personal
  }

  /// Parts of column names that mark personal data unless a schema says otherwise: phone numbers,
  /// e-mail and postal addresses, identity documents and people's names, in English and Chinese.
  public static let personalNameParts = [
    "phone", "mobile", "msisdn", "email", "e-mail", "e_mail", "address", "id_card", "idcard", "national_id",
    "passport", "full_name", "first_name", "last_name", "customer_name", "contact_name", "手机", "电话", "邮箱", "地址",
    "住址", "身份证", "证件", "护照", "姓名", "联系人",
  ]

  /// Whether a header name looks like a column of personal data (a whole name `name` or `名字` too).
  public static func looksPersonal(_ name: String) -> Bool {
    let lower = name.lowercased()
    return lower == "name" || lower == "名字" || personalNameParts.contains { lower.contains($0) }
  }

  /// Whether a new column (no schema or workspace deciding) holds personal data, judged by its name
  /// and values: named like personal data with digits or text as values (not, say, the yes/no of
  /// `email_opt_out`), or values that mostly look like mobile numbers, e-mail addresses or identity
  /// numbers (`shape`, from ``PersonalDataDetector``).
  public static func inferredPersonal(name: String, type: ColumnType, shape: PersonalDataShape?) -> Bool {
    (looksPersonal(name) && (type == .integer || type == .text)) || shape != nil
  }
}
