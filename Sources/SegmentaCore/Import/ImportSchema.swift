/// Column types and personal-data flags fixed by the user for a customer import, instead of
/// inferred (the YAML schema file of `segmenta import customers --schema`).
public struct ImportSchema: Sendable, Equatable {
  /// One column's settings; nil leaves the choice to inference.
  public struct Column: Sendable, Equatable {
    /// The column's type, or nil to infer it from the values.
    public var type: ColumnType?
    /// Whether the column holds personal contact data, or nil to decide by its name and values.
    public var personal: Bool?

    /// Creates settings.
    public init(type: ColumnType? = nil, personal: Bool? = nil) {
      self.type = type
      self.personal = personal
    }
  }

  /// Settings by column name as in the file's header.
  public var columns: [String: Column]
  /// The column holding customer ids, when the schema names it.
  public var idColumn: String?

  /// Creates a schema.
  public init(columns: [String: Column] = [:], idColumn: String? = nil) {
    self.columns = columns
    self.idColumn = idColumn
  }
}
