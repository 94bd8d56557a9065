/// How a customer file is imported.
public struct CustomerImportOptions: Sendable {
  /// The column holding customer ids.
  public var idColumn: String
  /// Column types and personal-data flags fixed by a schema file.
  public var schema: ImportSchema
  /// Whether a bad row stops the import (nothing is written) or is rejected and reported.
  public var onError: BadRowPolicy

  /// Creates options: ids in `customer_id`, types inferred, the first bad row stopping the import.
  public init(idColumn: String = "customer_id", schema: ImportSchema = ImportSchema(), onError: BadRowPolicy = .fail) {
    self.idColumn = idColumn
    self.schema = schema
    self.onError = onError
  }
}
