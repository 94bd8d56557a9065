import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta compile tags`: every defined tag as SQL that fills a tag table (`customer_id`, `tag`, one row per
/// customer and tag carried), the tags in the order `tags apply` computes them so that a tag reading another
/// reads it filled.
package struct CompileTagsWorkflow: Workflow {
  package var target: SQLDialect
  /// The table with `customer_id` and the fields the rules read.
  package var table: String
  /// The tag table the script (re)creates and fills.
  package var tagTable: String
  /// The wide-table period the rules are checked against (default: the latest).
  package var period: String?
  /// The file to write (`-` standard output); nil returns the text only.
  package var out: String?

  package init(
    target: SQLDialect, table: String = "customers", tagTable: String = "customer_tags", period: String? = nil,
    out: String? = nil
  ) {
    self.target = target
    self.table = table
    self.tagTable = tagTable
    self.period = period
    self.out = out
  }

  package struct Output: Sendable, Codable {
    package var target: SQLDialect
    package var table: String
    package var tagTable: String
    /// The tags in the order the script fills them.
    package var tags: [String]
    /// The fields the rules read, each with how the table must hold it.
    package var fields: [String: String]
    /// The segmentations the rules read, each with the table it is read from.
    package var segmentations: [String: String]
    package var sql: String
    package var file: String?
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SQLDialect.checkTableName(table, field: "table")
    try SQLDialect.checkTableName(tagTable, field: "tag-table")
    let target = try out.map { path throws(SegmentaError) in try context.checkOutput(path, option: "--out") }
    let workspace = try context.workspace(for: .read)
    let definitions = try workspace.tags().map(\.definition)
    guard !definitions.isEmpty else { throw TagDefinitionError.noTags.segmentaError }
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    let ordered: [(TagDefinition, CompiledRule)]
    do {
      ordered = try TagOrder.order(definitions, schema: data.schema)
    } catch {
      throw error.segmentaError
    }
    let sources = RuleSQL.Sources(table: table, tagTable: tagTable)
    let dialect = self.target
    let id = dialect.identifier("customer_id")
    var fields: [String: String] = [:]
    var segmentations: [String: String] = [:]
    var body: [String] = []
    for (definition, rule) in ordered {
      let (columns, described) = CompileRuleWorkflow.columns(of: rule, data: data)
      fields.merge(described) { first, _ in first }
      let sql = RuleSQL(rule: rule, columns: columns, dialect: dialect)
      for (reference, _) in sql.segmentAliases {
        segmentations[reference.description] = sources.segmentTable(reference)
      }
      body.append("")
      body.append(
        "-- \(definition.name) (\(ModelSQL.comment(SegmentNames.combined(definition.label)))): "
          + ModelSQL.comment(definition.rule))
      body += sql.insert(tag: definition.name, sources)
    }
    var lines = [
      "-- Tags compiled by Segmenta for \(dialect.title): \(ordered.count) tags, each after the tags it reads.",
      "-- Reads \(table) (customer_id, \(fields.keys.sorted().joined(separator: ", ")))"
        + segmentations.sorted { $0.key < $1.key }.map { " and \($0.value) for \($0.key)" }.joined() + ";",
      "-- fills \(tagTable) (customer_id, tag), one row per customer and tag carried: a rule that is false or",
      "-- unknown for a customer leaves the tag off.",
      "DROP TABLE IF EXISTS \(dialect.table(tagTable));",
      "CREATE TABLE \(dialect.table(tagTable)) (\(id) \(dialect.textType), \(dialect.identifier("tag")) "
        + "\(dialect.textType))\(dialect == .spark ? " USING parquet" : "");",
    ]
    lines += body
    let text = lines.joined(separator: "\n") + "\n"
    if let target { try TextOutput.write(text, to: target) }
    return Output(
      target: dialect, table: table, tagTable: tagTable, tags: ordered.map(\.0.name), fields: fields,
      segmentations: segmentations, sql: text, file: out)
  }
}
