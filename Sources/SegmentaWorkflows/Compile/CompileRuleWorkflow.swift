import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta compile rule "EXPR"`: a rule as an SQL query (and its WHERE condition) for Spark, PostgreSQL or
/// DuckDB, checked against the workspace's fields, segmentations and tags first (see ``RuleSQL``).
package struct CompileRuleWorkflow: Workflow {
  package var rule: String
  package var target: SQLDialect
  /// The table with `customer_id` and the fields the rule reads.
  package var table: String
  /// The table of tag memberships (`customer_id`, `tag`).
  package var tagTable: String
  /// The wide-table period whose features the rule is checked against (default: the latest).
  package var period: String?
  /// The file to write (`-` standard output); nil returns the text only.
  package var out: String?

  package init(
    rule: String, target: SQLDialect, table: String = "customers", tagTable: String = "customer_tags",
    period: String? = nil, out: String? = nil
  ) {
    self.rule = rule
    self.target = target
    self.table = table
    self.tagTable = tagTable
    self.period = period
    self.out = out
  }

  package struct Output: Sendable, Codable {
    package var rule: String
    package var target: SQLDialect
    package var table: String
    /// The fields the rule reads, each with how the table must hold it.
    package var fields: [String: String]
    /// The segmentations the rule reads, each with the table it is read from.
    package var segmentations: [String: String]
    package var tags: [String]
    /// The WHERE condition alone, over the table aliased `c`.
    package var condition: String
    package var sql: String
    package var file: String?
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SQLDialect.checkTableName(table, field: "table")
    try SQLDialect.checkTableName(tagTable, field: "tag-table")
    let target = try out.map { path throws(SegmentaError) in try context.checkOutput(path, option: "--out") }
    let data = try WorkspaceRuleData(workspace: try context.workspace(for: .read), period: period)
    let compiled: CompiledRule
    do {
      compiled = try CompiledRule(rule, schema: data.schema)
    } catch {
      throw SegmentaError(.invalidRequest, error.description, field: "rule")
    }
    let (columns, fields) = Self.columns(of: compiled, data: data)
    let sources = RuleSQL.Sources(table: table, tagTable: tagTable)
    let sql = RuleSQL(rule: compiled, columns: columns, dialect: self.target)
    let text = sql.query(sources)
    if let target { try TextOutput.write(text, to: target) }
    var segmentations: [String: String] = [:]
    for (reference, _) in sql.segmentAliases { segmentations[reference.description] = sources.segmentTable(reference) }
    return Output(
      rule: rule, target: self.target, table: table, fields: fields, segmentations: segmentations,
      tags: compiled.tags.sorted(), condition: sql.condition(tags: tagTable), sql: text, file: out)
  }

  /// How the table must hold each field `rule` reads, and the same in words for `--json`.
  static func columns(of rule: CompiledRule, data: WorkspaceRuleData) -> ([String: RuleSQL.Column], [String: String]) {
    let categories = Dictionary(
      (data.table?.features ?? []).filter { !$0.categories.isEmpty }.map { ($0.name, $0.categories) },
      uniquingKeysWith: { first, _ in first })
    var columns: [String: RuleSQL.Column] = [:]
    var fields: [String: String] = [:]
    for (name, type) in rule.fields {
      if let labels = categories[name] {
        columns[name] = .categories(labels)
        fields[name] = "category code 0–\(labels.count - 1) (\(labels.joined(separator: ", ")))"
        continue
      }
      switch type {
      case .number: columns[name] = .number
      case .text: columns[name] = .text
      case .boolean: columns[name] = .boolean
      case .date: columns[name] = .date
      }
      fields[name] = type.rawValue
    }
    return (columns, fields)
  }
}
