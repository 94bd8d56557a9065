import Foundation
import SegmentaCore

/// A checked rule as SQL: a condition over one table of customer columns, with `segment()` read from one
/// table per segmentation and `tag()` from a table of tag memberships.
///
/// Three-valued logic is SQL's own (Kleene's, as the workspace evaluates): a comparison reading a NULL is
/// unknown, `and`, `or` and `not` combine unknowns as rules do, and a WHERE clause keeps the customers for whom
/// the rule is true. Division by zero is NULL (missing), as in rules. Categorical features (codes with their
/// categories, as `segmenta features export` writes them) compare by their labels; empty text is missing; date
/// fields count days since 1970-01-01 as rules do.
package struct RuleSQL: Sendable {
  /// How a field the rule reads is stored in the table.
  package enum Column: Sendable, Equatable {
    /// A number (or a 0/1 or boolean column read as a number).
    case number
    /// Text; empty text is missing.
    case text
    /// A code 0, 1, … standing for these labels (a categorical feature).
    case categories([String])
    /// True or false (BOOLEAN or 0/1).
    case boolean
    /// A DATE (or a timestamp, read as its date).
    case date
  }

  /// Where the rule's data is read.
  package struct Sources: Sendable, Equatable {
    /// The table with `customer_id` and every field the rule reads.
    package var table: String
    /// The table of tag memberships: `customer_id` and `tag`, one row per customer and tag carried.
    package var tagTable: String
    /// Tables of segmentations other than the default `segments_NAME` (`segments_NAME_previous` for
    /// `segment(NAME, previous)`): `customer_id` and `segment_id`, as `segmenta export` writes them.
    package var segmentTables: [SegmentationReference: String]

    package init(
      table: String, tagTable: String = "customer_tags", segmentTables: [SegmentationReference: String] = [:]
    ) {
      self.table = table
      self.tagTable = tagTable
      self.segmentTables = segmentTables
    }

    /// The table of a segmentation's assignment.
    package func segmentTable(_ reference: SegmentationReference) -> String {
      segmentTables[reference] ?? "segments_\(reference.name)" + (reference.previous ? "_previous" : "")
    }
  }

  package var rule: CompiledRule
  /// How each field the rule reads is stored.
  package var columns: [String: Column]
  package var dialect: SQLDialect

  package init(rule: CompiledRule, columns: [String: Column], dialect: SQLDialect) {
    self.rule = rule
    self.columns = columns
    self.dialect = dialect
  }

  /// The segmentations the rule reads, in a fixed order, with their join aliases.
  package var segmentAliases: [(SegmentationReference, String)] {
    var references: [SegmentationReference] = []
    collect(rule.condition, into: &references)
    var seen = Set<SegmentationReference>()
    return references.filter { seen.insert($0).inserted }.enumerated().map { ($1, "s\($0 + 1)") }
  }

  /// The rule as a condition over the table aliased `c` (and the segment joins).
  package func condition(tags: String = "customer_tags") -> String {
    let aliases = Dictionary(uniqueKeysWithValues: segmentAliases.map { ($0.0, $0.1) })
    return condition(rule.condition, aliases: aliases, tags: tags)
  }

  /// `SELECT customer_id` of the customers the rule selects, with a header comment.
  package func query(_ sources: Sources) -> String {
    var lines = [
      "-- Rule compiled by Segmenta for \(dialect.title):",
      "--   \(ModelSQL.comment(rule.text))",
    ]
    lines += reads(sources)
    lines.append("-- Keeps the customers for whom the rule is true (not false, not unknown).")
    lines.append("SELECT c.\(dialect.identifier("customer_id"))")
    lines += selection(sources)
    lines.append("ORDER BY c.\(dialect.identifier("customer_id"));")
    return lines.joined(separator: "\n") + "\n"
  }

  /// `INSERT INTO` the tag table of one row (`customer_id`, `tag`) per customer the rule selects.
  package func insert(tag: String, _ sources: Sources) -> [String] {
    var lines = [
      "INSERT INTO \(dialect.table(sources.tagTable))",
      "SELECT c.\(dialect.identifier("customer_id")), \(dialect.text(tag))",
    ]
    lines += selection(sources)
    lines[lines.count - 1] += ";"
    return lines
  }

  /// Comment lines naming the tables and columns the rule reads.
  package func reads(_ sources: Sources) -> [String] {
    var lines = [
      "-- Reads \(sources.table) (customer_id"
        + (rule.fields.isEmpty ? "" : ", " + rule.fields.keys.sorted().joined(separator: ", ")) + ")"
        + (rule.tags.isEmpty ? "" : " and \(sources.tagTable) (customer_id, tag)") + "."
    ]
    for (reference, _) in segmentAliases {
      lines.append("-- \(reference): \(sources.segmentTable(reference)) (customer_id, segment_id).")
    }
    return lines
  }

  /// FROM, the segment joins and WHERE.
  func selection(_ sources: Sources) -> [String] {
    let aliases = segmentAliases
    var lines = ["FROM \(dialect.table(sources.table)) AS c"]
    for (reference, alias) in aliases {
      lines.append(
        "LEFT JOIN \(dialect.table(sources.segmentTable(reference))) AS \(alias) "
          + "ON \(alias).\(dialect.identifier("customer_id")) = c.\(dialect.identifier("customer_id"))")
    }
    let aliasMap = Dictionary(uniqueKeysWithValues: aliases.map { ($0.0, $0.1) })
    if case .and(let terms) = rule.condition {
      let parts = terms.map { condition($0, aliases: aliasMap, tags: sources.tagTable) }
      lines.append("WHERE " + parts.joined(separator: "\n  AND "))
    } else {
      lines.append("WHERE \(condition(tags: sources.tagTable))")
    }
    return lines
  }

  private func collect(_ condition: RuleCondition, into references: inout [SegmentationReference]) {
    switch condition {
    case .segmentIn(let reference, _, _): references.append(reference)
    case .missing(.segment(let reference), _): references.append(reference)
    case .missing(.condition(let inner), _), .not(let inner): collect(inner, into: &references)
    case .conditions(_, let a, let b):
      collect(a, into: &references)
      collect(b, into: &references)
    case .and(let terms), .or(let terms), .atLeast(_, let terms):
      for term in terms { collect(term, into: &references) }
    case .constant, .field, .tag, .numbers, .texts, .between, .numberIn, .textIn, .missing: break
    }
  }

  private func condition(_ condition: RuleCondition, aliases: [SegmentationReference: String], tags: String) -> String {
    func inner(_ c: RuleCondition) -> String { self.condition(c, aliases: aliases, tags: tags) }
    switch condition {
    case .constant(let value): return value ? "TRUE" : "FALSE"
    case .field(let name): return "(\(number(.field(name))) = 1)"
    case .tag(let name):
      return "EXISTS (SELECT 1 FROM \(dialect.table(tags)) AS t WHERE t.\(dialect.identifier("customer_id")) = "
        + "c.\(dialect.identifier("customer_id")) AND t.\(dialect.identifier("tag")) = \(dialect.text(name)))"
    case .numbers(let op, let a, let b): return "(\(number(a)) \(Self.symbol(op)) \(number(b)))"
    case .texts(let equal, let a, let b): return "(\(text(a)) \(equal ? "=" : "<>") \(text(b)))"
    case .conditions(let equal, let a, let b): return "((\(inner(a))) \(equal ? "=" : "<>") (\(inner(b))))"
    case .between(let value, let low, let high):
      // As rules read it: x >= low and x <= high, each unknown where a side is missing.
      return "(\(number(value)) BETWEEN \(number(low)) AND \(number(high)))"
    case .numberIn(let value, let list, let negated):
      return "(\(number(value)) \(negated ? "NOT IN" : "IN") (\(list.map(SQLDialect.number).joined(separator: ", "))))"
    case .textIn(let value, let list, let negated):
      return "(\(text(value)) \(negated ? "NOT IN" : "IN") (\(list.map(dialect.text).joined(separator: ", "))))"
    case .segmentIn(let reference, let ids, let negated):
      let column = "\(aliases[reference] ?? "s").\(dialect.identifier("segment_id"))"
      return "(\(column) \(negated ? "NOT IN" : "IN") (\(ids.map(String.init).joined(separator: ", "))))"
    case .missing(let operand, let negated):
      let test = negated ? "IS NOT NULL" : "IS NULL"
      switch operand {
      case .number(let value): return "(\(number(value)) \(test))"
      case .text(let value): return "(\(text(value)) \(test))"
      case .condition(let c): return "((\(inner(c))) \(test))"
      case .segment(let reference):
        return "(\(aliases[reference] ?? "s").\(dialect.identifier("segment_id")) \(test))"
      }
    case .not(let c): return "(NOT \(inner(c)))"
    case .and(let terms): return "(" + terms.map(inner).joined(separator: " AND ") + ")"
    case .or(let terms): return "(" + terms.map(inner).joined(separator: " OR ") + ")"
    case .atLeast(let count, let terms):
      let trues = terms.map { "CASE WHEN \(inner($0)) THEN 1 ELSE 0 END" }.joined(separator: " + ")
      let unknowns = terms.map { "CASE WHEN (\(inner($0))) IS NULL THEN 1 ELSE 0 END" }.joined(separator: " + ")
      return "(CASE WHEN \(trues) >= \(count) THEN TRUE WHEN \(trues) + \(unknowns) < \(count) THEN FALSE END)"
    }
  }

  /// A numeric expression: fields as 64-bit floats (dates as days since 1970-01-01), NULL where missing.
  func number(_ value: RuleNumber) -> String {
    switch value {
    case .constant(let x): return x.isFinite ? SQLDialect.number(x) : "NULL"
    case .field(let name):
      let column = "c.\(dialect.identifier(name))"
      switch columns[name] ?? .number {
      case .date:
        return "CAST(\(dialect.dayNumber(column)) AS \(dialect.doubleType))"
      case .boolean:
        // BOOLEAN, 0/1 or the words the workspace reads as booleans.
        let word = "LOWER(CAST(\(column) AS \(dialect.textType)))"
        return "(CASE WHEN \(word) IN ('true', 'yes', 'y', '1', '是') THEN 1 "
          + "WHEN \(word) IN ('false', 'no', 'n', '0', '否') THEN 0 END)"
      case .number, .text, .categories: return "CAST(\(column) AS \(dialect.doubleType))"
      }
    case .negate(let x): return "(-\(number(x)))"
    case .arithmetic(let op, let a, let b):
      return op == .divide
        ? "(\(number(a)) / NULLIF(\(number(b)), 0))" : "(\(number(a)) \(op.rawValue) \(number(b)))"
    }
  }

  /// A text expression: empty text and unknown codes are NULL (missing).
  func text(_ value: RuleText) -> String {
    switch value {
    case .constant(let s): return dialect.text(s)
    case .field(let name):
      let column = "c.\(dialect.identifier(name))"
      if case .categories(let labels) = columns[name] ?? .text {
        let cases = labels.enumerated().map { "WHEN \($0) THEN \(dialect.text($1))" }.joined(separator: " ")
        return "(CASE CAST(\(column) AS INTEGER) \(cases) END)"
      }
      return "NULLIF(CAST(\(column) AS \(dialect.textType)), '')"
    }
  }

  static func symbol(_ op: ComparisonOperator) -> String {
    switch op {
    case .equal: "="
    case .notEqual: "<>"
    case .less: "<"
    case .lessOrEqual: "<="
    case .greater: ">"
    case .greaterOrEqual: ">="
    }
  }
}
