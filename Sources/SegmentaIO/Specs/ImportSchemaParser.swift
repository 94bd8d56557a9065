import Foundation
import SegmentaCore
import Yams

/// Reads an import schema file that fixes column types.
///
/// For example:
///
/// ```yaml
/// id_column: msisdn          # optional
/// columns:
///   age: integer
///   start_date: date
///   phone: {type: text, personal: true}
/// ```
package enum ImportSchemaParser {
  /// Parses schema text; `file` names it in errors.
  package static func parse(_ text: String, file: String) throws(SpecFileError) -> ImportSchema {
    try parse(YAMLValue.parse(text, file: file))
  }

  /// Reads and parses the schema at `path`.
  package static func load(path: String) throws(SpecFileError) -> ImportSchema {
    try parse(YAMLValue.load(path: path))
  }

  static func parse(_ root: YAMLValue) throws(SpecFileError) -> ImportSchema {
    let top = try root.fields("the schema", allowed: ["id_column", "columns"])
    var schema = ImportSchema()
    schema.idColumn = try top["id_column"]?.text("id_column")
    if let columns = top["columns"] {
      for entry in try columns.mapping("columns") {
        var column = ImportSchema.Column()
        if case .scalar = entry.value.node {
          column.type = try type(entry.value)
        } else {
          let fields = try entry.value.fields("column '\(entry.key)'", allowed: ["type", "personal"])
          if let typeNode = fields["type"] { column.type = try type(typeNode) }
          if let personal = fields["personal"] {
            guard let flag = personal.node.bool else { throw personal.error("personal must be true or false") }
            column.personal = flag
          }
        }
        schema.columns[entry.key] = column
      }
    }
    return schema
  }

  static func type(_ node: YAMLValue) throws(SpecFileError) -> ColumnType {
    let name = try node.text("type")
    guard let type = ColumnType(rawValue: name) else {
      throw node.error("unknown type '\(name)'; use \(ColumnType.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return type
  }
}
