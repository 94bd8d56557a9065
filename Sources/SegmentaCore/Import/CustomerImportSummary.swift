/// What a customer import did: counts that add up (inserted + updated + rejected = rows read)
/// and the file's columns with the types used.
public struct CustomerImportSummary: Sendable, Equatable, Codable {
  /// One column of the file and how the import treated it.
  public struct Column: Sendable, Equatable, Codable {
    /// Name from the header.
    public var name: String
    /// Type used for the column's values.
    public var type: ColumnType
    /// How the type was decided: `inferred`, `schema` or `workspace` (kept from an earlier import).
    public var typeSource: String
    /// Whether the column is new to the workspace.
    public var added: Bool
    /// Whether it holds personal contact data (masked in exports, never quoted in messages).
    public var personal: Bool

    /// Creates a column entry.
    public init(name: String, type: ColumnType, typeSource: String, added: Bool, personal: Bool) {
      self.name = name
      self.type = type
      self.typeSource = typeSource
      self.added = added
      self.personal = personal
    }
  }

  /// The file as the user named it.
  public var file: String
  /// Data rows read (records, not counting the header or blank lines).
  public var rowsRead: Int
  /// Customers added.
  public var inserted: Int
  /// Existing customers updated.
  public var updated: Int
  /// Rows rejected; inserted + updated + rejected = rowsRead.
  public var rejected: Int
  /// Rejections counted by reason.
  public var rejectedByReason: [RejectionReason: Int]
  /// The columns of the file, the id column excluded.
  public var columns: [Column]
  /// Customers in the workspace after the import.
  public var customersInWorkspace: Int
  /// What the user should know (customer ids that look like personal data).
  public var notes: [String]

  /// Creates a summary.
  public init(
    file: String, rowsRead: Int, inserted: Int, updated: Int, rejected: Int, rejectedByReason: [RejectionReason: Int],
    columns: [Column], customersInWorkspace: Int, notes: [String] = []
  ) {
    self.file = file
    self.rowsRead = rowsRead
    self.inserted = inserted
    self.updated = updated
    self.rejected = rejected
    self.rejectedByReason = rejectedByReason
    self.columns = columns
    self.customersInWorkspace = customersInWorkspace
    self.notes = notes
  }
}

extension CustomerImportSummary {
  private enum CodingKeys: String, CodingKey {
    case file, rowsRead, inserted, updated, rejected, rejectedByReason, columns, customersInWorkspace, notes
  }

  /// Decodes a summary; the rejection counts are keyed by the reasons' words.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let reasons = try container.decode([String: Int].self, forKey: .rejectedByReason)
    self.init(
      file: try container.decode(String.self, forKey: .file),
      rowsRead: try container.decode(Int.self, forKey: .rowsRead),
      inserted: try container.decode(Int.self, forKey: .inserted),
      updated: try container.decode(Int.self, forKey: .updated),
      rejected: try container.decode(Int.self, forKey: .rejected),
      rejectedByReason: Dictionary(
        uniqueKeysWithValues: reasons.compactMap { key, value in RejectionReason(rawValue: key).map { ($0, value) } }),
      columns: try container.decode([Column].self, forKey: .columns),
      customersInWorkspace: try container.decode(Int.self, forKey: .customersInWorkspace),
      notes: try container.decodeIfPresent([String].self, forKey: .notes) ?? [])
  }

  /// Encodes the summary; the rejection counts are keyed by the reasons' words ("malformed CSV"),
  /// which a key strategy such as snake_case leaves as they are.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(file, forKey: .file)
    try container.encode(rowsRead, forKey: .rowsRead)
    try container.encode(inserted, forKey: .inserted)
    try container.encode(updated, forKey: .updated)
    try container.encode(rejected, forKey: .rejected)
    try container.encode(
      Dictionary(uniqueKeysWithValues: rejectedByReason.map { ($0.key.rawValue, $0.value) }), forKey: .rejectedByReason)
    try container.encode(columns, forKey: .columns)
    try container.encode(customersInWorkspace, forKey: .customersInWorkspace)
    try container.encode(notes, forKey: .notes)
  }
}
