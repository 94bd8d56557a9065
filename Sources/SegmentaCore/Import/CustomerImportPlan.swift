/// What a customer import knows before it reads a row: which field holds the id, and for every other
/// column the type a schema or the workspace fixes (nil: inferred from the values) and whether it
/// holds personal data.
public struct CustomerImportPlan: Sendable {
  /// One column of the file other than the id.
  public struct Column: Sendable {
    /// Index of the field in each record.
    public var fileIndex: Int
    /// The header name.
    public var name: String
    /// The type the schema or the workspace fixes; nil to infer it.
    public var declared: ColumnType?
    /// Whether the type was fixed by the schema (rather than the workspace).
    public var declaredBySchema: Bool
    /// Whether whole numbers may widen to decimals (an integer column the workspace holds).
    public var mayWiden: Bool
    /// The personal-data flag the schema, the workspace or the name gives.
    public var personal: Bool
    /// Whether the schema fixes the personal-data flag.
    public var personalBySchema: Bool
    /// Whether the values' shapes are looked at to decide the personal-data flag.
    public var observesShape: Bool
    /// The workspace's column of the same name, if any.
    public var existing: CustomerColumn?
  }

  /// The file, for messages.
  public var path: String
  /// The header names.
  public var header: [String]
  /// Index of the field holding the customer id.
  public var idIndex: Int
  /// Name of the id column.
  public var idColumn: String
  /// The other columns, in header order.
  public var columns: [Column]
  /// What a bad row does.
  public var onError: BadRowPolicy

  /// Plans the import of a file with `header` into a workspace whose catalogue is `catalogue`.
  ///
  /// Throws when no column holds the id, or when the schema gives a column a type other than the
  /// one the workspace holds it as (integer to decimal excepted).
  public init(path: String, header: [String], catalogue: [CustomerColumn], options: CustomerImportOptions)
    throws(DataFileError)
  {
    let idColumn = options.schema.idColumn ?? options.idColumn
    guard let idIndex = header.firstIndex(of: idColumn) else {
      throw DataFileError(
        file: path, line: 1,
        message:
          "no column '\(idColumn)' holds the customer id; name the id column with --id-column (the columns are: \(header.joined(separator: ", ")))"
      )
    }
    let existingByName = Dictionary(uniqueKeysWithValues: catalogue.map { ($0.name, $0) })
    var columns: [Column] = []
    for index in header.indices where index != idIndex {
      let name = header[index]
      let schemaColumn = options.schema.columns[name]
      let existing = existingByName[name]
      var declared: ColumnType?
      var mayWiden = false
      if let type = schemaColumn?.type {
        if let existing, existing.type != type && !(existing.type == .integer && type == .decimal) {
          throw DataFileError(
            file: path, line: 1, column: index + 1, columnName: name,
            message: "the schema says \(type), but the workspace already holds this column as \(existing.type)")
        }
        declared = type
      } else if let existing {
        declared = existing.type
        mayWiden = existing.type == .integer
      }
      columns.append(
        Column(
          fileIndex: index, name: name, declared: declared, declaredBySchema: schemaColumn?.type != nil,
          mayWiden: mayWiden,
          personal: schemaColumn?.personal ?? existing?.personal ?? CustomerColumn.looksPersonal(name),
          personalBySchema: schemaColumn?.personal != nil,
          observesShape: schemaColumn?.personal == nil && existing == nil, existing: existing))
    }
    self.path = path
    self.header = header
    self.idIndex = idIndex
    self.idColumn = idColumn
    self.columns = columns
    self.onError = options.onError
  }

  /// The type and personal-data flag of column `index` once its values are known: the declared type,
  /// else the inferred one (widened to decimal when a whole-number column met a decimal); a new
  /// column whose name or values look personal holds personal data, and an inferred personal column
  /// stays text.
  public func resolved(_ index: Int, inference: TypeInference, shape: PersonalDataShape?, widened: Bool)
    -> (type: ColumnType, personal: Bool)
  {
    let column = columns[index]
    var type = column.declared ?? inference.inferredType
    if widened { type = .decimal }
    var personal = column.personal
    if !column.personalBySchema && column.existing == nil {
      personal = CustomerColumn.inferredPersonal(name: column.name, type: type, shape: shape)
    }
    if column.declared == nil && personal { type = .text }
    return (type, personal)
  }
}
