import SegmentaCore

/// A Spark SQL script `spark-sql -f` runs: views over the inputs, the compiled queries, and the outputs written,
/// each statement a named step whose time Spark reports.
///
/// The text is the same, byte for byte, for the same inputs. Statements end with `;` at the end of a line; a
/// statement whose result the run reads selects a string literal naming it first, so its rows can be told apart
/// on Spark's standard output (``SparkRunOutput/rows(_:)``).
package struct SparkScript: Sendable, Equatable {
  /// One statement: the step it belongs to and its text, ending with `;`.
  package struct Statement: Sendable, Equatable {
    package var step: String
    package var sql: String
  }

  /// What the script does, in its header comment.
  package var title: String
  package private(set) var statements: [Statement] = []

  package init(title: String) {
    self.title = title
  }

  private static let dialect = SQLDialect.spark

  /// Appends one statement (without its final `;`) belonging to `step`.
  package mutating func add(_ step: String, _ sql: String) {
    var text = sql
    while text.hasSuffix("\n") || text.hasSuffix(";") { text.removeLast() }
    statements.append(Statement(step: step, sql: text + ";"))
  }

  /// The name the queries use for `table`: the catalogue table itself, or the temporary view `view` over the
  /// files (created by ``read(_:as:columns:)``).
  package static func reference(_ table: SparkTable, view: String) -> String {
    table.format == .table ? table.location : view
  }

  /// Makes `table` readable under the name ``reference(_:view:)`` gives.
  ///
  /// Files become `CREATE TEMPORARY VIEW view … USING parquet|csv OPTIONS (path …)`; CSV has a header line and,
  /// when `columns` is given, exactly that schema (each name with its Spark type, in file order), else every
  /// column as text. A catalogue table needs nothing.
  package mutating func read(_ table: SparkTable, as view: String, columns: [(name: String, type: String)]? = nil) {
    let dialect = Self.dialect
    switch table.format {
    case .table: return
    case .parquet:
      add(
        "reading \(table.location)",
        "CREATE TEMPORARY VIEW \(dialect.identifier(view)) USING parquet OPTIONS (path \(dialect.text(table.location)))"
      )
    case .csv:
      let schema =
        columns.map { list in
          " (" + list.map { "\(dialect.identifier($0.name)) \($0.type)" }.joined(separator: ", ") + ")"
        } ?? ""
      add(
        "reading \(table.location)",
        "CREATE TEMPORARY VIEW \(dialect.identifier(view))\(schema) USING csv OPTIONS (path "
          + "\(dialect.text(table.location)), \(Self.csvOptions))")
    }
  }

  /// Makes `table` readable as `view` in any format: files as ``read(_:as:columns:)`` reads them, a catalogue table
  /// through a view of that name.
  package mutating func read(_ table: SparkTable, asView view: String) {
    guard table.format == .table else { return read(table, as: view) }
    add(
      "reading \(table.location)",
      "CREATE TEMPORARY VIEW \(Self.dialect.identifier(view)) AS SELECT * FROM \(Self.dialect.table(table.location))")
  }

  /// Writes the rows of `query` (a SELECT, or a WITH … SELECT) to `table`: `INSERT OVERWRITE DIRECTORY … USING
  /// parquet|csv` for a path, `CREATE TABLE … USING parquet AS` for a catalogue table (dropped first when
  /// `replace`; otherwise Spark refuses a table that exists).
  package mutating func write(_ query: String, to table: SparkTable, replace: Bool, step: String) {
    let dialect = Self.dialect
    var query = query
    while query.hasSuffix("\n") || query.hasSuffix(";") { query.removeLast() }
    switch table.format {
    case .parquet:
      add(step, "INSERT OVERWRITE DIRECTORY \(dialect.text(table.location)) USING parquet\n\(query)")
    case .csv:
      add(
        step,
        "INSERT OVERWRITE DIRECTORY \(dialect.text(table.location)) USING csv OPTIONS (\(Self.csvOptions))\n\(query)")
    case .table:
      if replace { add(step, "DROP TABLE IF EXISTS \(dialect.table(table.location))") }
      add(step, "CREATE TABLE \(dialect.table(table.location)) USING parquet AS\n\(query)")
    }
  }

  /// Appends a query whose rows the run reads, each row starting with the literal `name`.
  package mutating func select(_ name: String, columns: String, from rest: String, step: String) {
    add(step, "SELECT \(Self.dialect.text(name)) AS `result`, \(columns)\n\(rest)")
  }

  /// CSV as Segmenta reads and writes it: a header line, quotes doubled inside quoted fields.
  static let csvOptions = "header 'true', escape '\"'"

  /// The script's text: a header naming what it does, then every statement, a blank line between steps.
  package var text: String {
    var lines = ["-- \(title)", "-- Written by Segmenta for Spark SQL (spark-sql -f); one statement per step."]
    var step: String?
    for statement in statements {
      if statement.step != step {
        lines.append("")
        lines.append("-- \(ModelSQL.comment(statement.step))")
        step = statement.step
      }
      lines.append(statement.sql)
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension SparkScript {
  /// Appends the statements of a compiled script (``CompileTagsWorkflow``'s), split where a line ends with `;`;
  /// comments before a statement stay with it.
  package mutating func add(statements text: String, step: String) {
    var current: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      current.append(line)
      guard line.hasSuffix(";"), !line.trimmingPrefix(while: \.isWhitespace).hasPrefix("--") else { continue }
      add(step, current.drop { $0.trimmingPrefix(while: \.isWhitespace).isEmpty }.joined(separator: "\n"))
      current = []
    }
  }
}
