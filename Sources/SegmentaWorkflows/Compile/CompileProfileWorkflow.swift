import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta compile profile NAME`: the statistics a segment profile is built from, as one SQL query for
/// Spark, PostgreSQL or DuckDB (see ``ProfileSQL``); `segmenta profile NAME --statistics FILE.csv` renders the
/// report from its result.
package struct CompileProfileWorkflow: Workflow {
  /// The segmentation.
  package var name: String
  /// Its version (default: the latest).
  package var version: Int?
  package var target: SQLDialect
  package var tables: ProfileSQL.Tables
  /// A profile spec (YAML): KPIs and categories; without one, the workspace's categorical columns.
  package var spec: SpecSource?
  /// The file to write (`-` standard output); nil returns the text only.
  package var out: String?

  package init(
    name: String, version: Int? = nil, target: SQLDialect, tables: ProfileSQL.Tables = ProfileSQL.Tables(),
    spec: SpecSource?, out: String? = nil
  ) {
    self.name = name
    self.version = version
    self.target = target
    self.tables = tables
    self.spec = spec
    self.out = out
  }

  /// The profile spec file at `specPath`, if any (the command line's `--spec`).
  package init(
    name: String, version: Int? = nil, target: SQLDialect, tables: ProfileSQL.Tables = ProfileSQL.Tables(),
    specPath: String? = nil, out: String? = nil
  ) {
    self.init(
      name: name, version: version, target: target, tables: tables, spec: specPath.map { .file($0) }, out: out)
  }

  package struct Output: Sendable, Codable {
    package var segmentation: String
    package var version: Int
    package var target: SQLDialect
    package var tables: [String: String]
    /// The feature columns read from the feature table, in model order.
    package var features: [String]
    /// The text columns whose most frequent values are counted.
    package var categories: [String]
    package var kpis: Int
    package var segments: Int
    /// The file written, if any.
    package var file: String?
    package var sql: String
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SQLDialect.checkTableName(tables.features, field: "table")
    try SQLDialect.checkTableName(tables.scores, field: "scores")
    try SQLDialect.checkTableName(tables.customers, field: "customers")
    let target = try out.map { path throws(SegmentaError) in
      try context.checkOutput(path, option: "--out", inputs: [self.spec?.path])
    }
    let stored = try CompiledSegmentation.load(name: name, version: version, context: context)
    let spec = try SegmentaError.catching {
      try self.spec.map { source throws(SpecFileError) in
        try ProfileSpecParser.parse(try source.text(what: "the profile spec"), file: source.name)
      } ?? ProfileSpec(playbook: ProfileSpecParser.defaultPlaybook())
    }
    let plan = try ProfileWorkflow.statisticsPlan(
      workspace: try context.workspace(for: .read), segmentation: stored, spec: spec)
    let sql = plan.query(tables: tables, dialect: self.target)
    if let target { try TextOutput.write(sql, to: target) }
    return Output(
      segmentation: stored.name, version: stored.version, target: self.target,
      tables: ["features": tables.features, "scores": tables.scores, "customers": tables.customers],
      features: stored.model.features.map(\.name), categories: plan.categories, kpis: spec.kpis.count,
      segments: stored.model.segmentCount, file: out, sql: sql)
  }
}
