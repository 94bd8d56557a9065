import Foundation
import SegmentaCore

/// The SQL engines Segmenta compiles for, and what differs between them.
package enum SQLDialect: String, Sendable, CaseIterable, Codable {
  /// Apache Spark SQL (spark-sql, spark-submit).
  case spark
  /// PostgreSQL 12 or later.
  case postgres
  /// DuckDB 1.0 or later.
  case duckdb

  /// The engine's name in comments.
  package var title: String {
    switch self {
    case .spark: "Spark SQL"
    case .postgres: "PostgreSQL"
    case .duckdb: "DuckDB"
    }
  }

  /// The 64-bit floating-point type.
  package var doubleType: String { self == .postgres ? "DOUBLE PRECISION" : "DOUBLE" }

  /// The text type.
  package var textType: String {
    switch self {
    case .spark: "STRING"
    case .postgres: "TEXT"
    case .duckdb: "VARCHAR"
    }
  }

  /// What follows `AS` in a common table expression computed once rather than written into every use.
  ///
  /// PostgreSQL and DuckDB would otherwise repeat each feature's expression in every distance. Spark keeps
  /// a reused expression computed once by itself.
  package var materialized: String { self == .spark ? "" : "MATERIALIZED " }

  /// `name` quoted as an identifier: back-quotes in Spark, double quotes elsewhere.
  package func identifier(_ name: String) -> String {
    self == .spark
      ? "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
      : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// A table name as given (`table`, `schema.table` or `catalog.schema.table`), each part quoted.
  package func table(_ name: String) -> String {
    name.split(separator: ".", omittingEmptySubsequences: false).map { identifier(String($0)) }.joined(separator: ".")
  }

  /// Whole days from 1970-01-01 to the date of `expression` (a DATE, or a TIMESTAMP read as its wall-clock
  /// date), as an integer.
  package func dayNumber(_ expression: String) -> String {
    switch self {
    case .spark: "datediff(CAST(\(expression) AS DATE), DATE '1970-01-01')"
    case .postgres: "CAST(\(expression) AS DATE) - DATE '1970-01-01'"
    case .duckdb: "date_diff('day', DATE '1970-01-01', CAST(\(expression) AS DATE))"
    }
  }

  /// A random-looking, engine-independent integer key of a text expression: the first 15 hexadecimal digits of
  /// its MD5 digest (lower case on every engine) as a BIGINT in 0..<2⁶⁰.
  ///
  /// Spark converts the digits with `conv`, PostgreSQL through a 64-bit BIT string, DuckDB by its `0x` integer
  /// literal syntax; all three give the same number for the same text.
  package func hashKey(_ text: String) -> String {
    let digits = "SUBSTR(MD5(\(text)), 1, 15)"
    switch self {
    case .spark: return "CAST(CONV(\(digits), 16, 10) AS BIGINT)"
    case .postgres: return "CAST(CAST('x0' || \(digits) AS BIT(64)) AS BIGINT)"
    case .duckdb: return "CAST('0x' || \(digits) AS BIGINT)"
    }
  }

  /// Whether the text `expression` matches the regular expression `pattern` (NULL when it is NULL); the pattern
  /// must mean the same in POSIX (PostgreSQL), RE2 (DuckDB) and Java (Spark) syntax.
  package func matches(_ expression: String, pattern: String) -> String {
    switch self {
    case .spark: "(\(expression) RLIKE \(text(pattern)))"
    case .postgres: "(\(expression) ~ \(text(pattern)))"
    case .duckdb: "REGEXP_MATCHES(\(expression), \(text(pattern)))"
    }
  }

  /// The number of ASCII digits in the text `expression`.
  package func digitCount(_ expression: String) -> String {
    let flags = self == .spark ? "" : ", 'g'"
    return "LENGTH(REGEXP_REPLACE(\(expression), '[^0-9]', ''\(flags)))"
  }

  /// A text expression ordered by its bytes (PostgreSQL's collation otherwise orders by language rules), as
  /// Spark and DuckDB order text.
  package func byteOrdered(_ expression: String) -> String {
    self == .postgres ? "\(expression) COLLATE \"C\"" : expression
  }

  /// What follows the table's name in `CREATE TABLE name … AS`: Spark stores it as Parquet.
  package var tableStorage: String { self == .spark ? " USING parquet" : "" }

  /// A string literal.
  package func text(_ value: String) -> String {
    let escaped =
      self == .spark
      ? value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
      : value.replacingOccurrences(of: "'", with: "''")
    return "'" + escaped + "'"
  }

  /// A finite double as a literal every engine reads as exactly that double: whole numbers below 2⁵³ as
  /// integers, others in scientific notation (read as DOUBLE by Spark and DuckDB, and converted exactly
  /// by PostgreSQL), with the shortest digits that read back as the same value.
  package static func number(_ value: Double) -> String {
    precondition(value.isFinite, "SQL literals are finite")
    if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
    let text = "\(value)"
    return text.contains("e") ? text : text + "e0"
  }

  /// Throws `invalidRequest` naming `field` unless `name` is a table name the compiler accepts.
  package static func checkTableName(_ name: String, field: String) throws(SegmentaError) {
    guard isTableName(name) else {
      throw SegmentaError(
        .invalidRequest,
        "\(field) '\(name)' is not a table name: give identifiers joined by dots, such as features or "
          + "warehouse.customer_features", field: field)
    }
  }

  /// Whether `name` is a table name the compiler accepts: identifiers (a letter or `_`, then letters,
  /// digits and `_`) joined by dots.
  package static func isTableName(_ name: String) -> Bool {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    return !parts.isEmpty && parts.allSatisfy(isIdentifier)
  }

  /// Whether `name` is an identifier: a letter or `_`, then letters, digits and `_`.
  package static func isIdentifier<S: StringProtocol>(_ name: S) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
    else { return false }
    return name.unicodeScalars.allSatisfy {
      $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
    }
  }
}
