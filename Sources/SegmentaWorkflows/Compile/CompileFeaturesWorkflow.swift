import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta compile features --spec FILE`: a wide-table spec as one SQL query.
///
/// The query, for Spark, PostgreSQL or DuckDB, returns the wide table `segmenta features build` stores for the
/// same events (see ``FeatureSQL``). The spec is a file, text (a form or a request body), or the spec the workspace
/// stored with a period; only the last needs a workspace.
package struct CompileFeaturesWorkflow: Workflow {
  /// The wide-table spec (YAML, docs/features.md); nil compiles the spec stored with ``period``.
  package var spec: SpecSource?
  /// The period whose stored spec is compiled when ``spec`` is nil (nil: the latest).
  package var period: String?
  package var target: SQLDialect
  /// The table of events: the columns of the event files.
  package var eventsTable: String
  /// The table of customers: `customer_id` and the customer columns the spec reads.
  package var customersTable: String
  /// The previous period's wide table, for `changed` features.
  package var previousTable: String?
  /// Overrides the spec's reference date (days since 1970-01-01).
  package var asOf: Int?
  /// The file to write (`-` standard output); nil returns the text only.
  package var out: String?

  package init(
    spec: SpecSource?, period: String? = nil, target: SQLDialect, eventsTable: String = "events",
    customersTable: String = "customers", previousTable: String? = nil, asOf: Int? = nil, out: String? = nil
  ) {
    self.spec = spec
    self.period = period
    self.target = target
    self.eventsTable = eventsTable
    self.customersTable = customersTable
    self.previousTable = previousTable
    self.asOf = asOf
    self.out = out
  }

  /// The spec file at `specPath` (the command line's `--spec`).
  package init(
    specPath: String, target: SQLDialect, eventsTable: String = "events", customersTable: String = "customers",
    previousTable: String? = nil, asOf: Int? = nil, out: String? = nil
  ) {
    self.init(
      spec: .file(specPath), target: target, eventsTable: eventsTable, customersTable: customersTable,
      previousTable: previousTable, asOf: asOf, out: out)
  }

  /// One feature of the query's result.
  package struct Feature: Sendable, Codable, Equatable {
    /// The feature's name, which is its column.
    package var name: String
    /// The column as the query writes it (quoted for the engine).
    package var column: String
    /// `aggregate`, `ratio`, `share`, `customer`, `bands` or `changed`.
    package var kind: String
    /// How the value is computed, in words.
    package var definition: String
    /// What the column holds: a whole number, a number, a category code or 0 or 1.
    package var holds: String
  }

  /// A table the query reads.
  package struct Table: Sendable, Codable, Equatable {
    /// `events`, `customers` or `previous`.
    package var role: String
    package var name: String
    /// The columns read, each with the type it must have (`text`, `double`, `timestamp` or `date`).
    package var columns: [Column]
  }

  package struct Column: Sendable, Codable, Equatable {
    package var name: String
    package var type: String
  }

  package struct Output: Sendable, Codable {
    package var spec: String
    package var target: SQLDialect
    /// Each table read, with the columns it must hold.
    package var tables: [Table]
    package var features: [Feature]
    /// How the reference day is set.
    package var referenceDay: String
    package var sql: String
    package var file: String?
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    if spec != nil, period != nil {
      throw SegmentaError(
        .invalidRequest, "give a spec or a period whose stored spec to compile, not both", field: "period")
    }
    let target = try out.map { path throws(SegmentaError) in
      try context.checkOutput(path, option: "--out", inputs: [spec?.path])
    }
    let source: SpecSource
    if let spec {
      source = spec
    } else {
      let stored = try context.workspace(for: .read).wideTableSpec(period: period)
      source = .text(stored.text, name: "period \(stored.period)'s spec")
    }
    let specPath = source.name
    return try SegmentaError.catching {
      let specText = try source.text(what: "the wide-table spec")
      let spec = try WideTableSpecParser.parse(specText, file: specPath)
      var lines: [String: Int] = [:]
      for feature in spec.features {
        lines[feature.name] = WideTableSpecParser.location(ofFeature: feature.name, in: specText, file: specPath)?.line
      }
      let compiler: FeatureSQL
      do {
        compiler = try FeatureSQL(
          spec: spec, dialect: self.target,
          tables: FeatureSQL.Tables(events: eventsTable, customers: customersTable, previous: previousTable),
          referenceDay: asOf, specFile: specPath, lines: lines)
      } catch let error as WideTableSpecError {
        throw WideTableSpecParser.error(about: error.feature, error.description, in: specText, file: specPath)
      }
      // A workspace is optional; where there is one, a spec reading personal data is refused as the build refuses it.
      if FileManager.default.fileExists(atPath: context.workspacePath) {
        let catalogue = try context.workspace(for: .read).customerColumns()
        if let error = BuildFeaturesWorkflow.personalColumnError(
          try WideTablePlan(spec: compiler.spec), catalogue: catalogue, specPath: specPath)
        {
          throw error
        }
      }
      let text = compiler.query()
      if let target { try TextOutput.write(text, to: target) }
      func columns(_ list: [(name: String, type: String)]) -> [Column] {
        list.map { Column(name: $0.name, type: $0.type) }
      }
      var tables: [Table] = []
      if spec.usesEvents {
        tables.append(Table(role: "events", name: eventsTable, columns: columns(compiler.eventColumns)))
      }
      tables.append(Table(role: "customers", name: customersTable, columns: columns(compiler.customerColumns)))
      if let previousTable, !compiler.previousColumns.isEmpty {
        tables.append(
          Table(
            role: "previous", name: previousTable,
            columns: columns([("customer_id", "text")] + compiler.previousColumns.map { ($0, "double") })))
      }
      let features = compiler.spec.features.map { feature in
        Feature(
          name: feature.name, column: self.target.identifier(feature.name), kind: Self.kind(feature.kind),
          definition: feature.summary, holds: compiler.holds(feature))
      }
      return Output(
        spec: specPath, target: self.target, tables: tables, features: features,
        referenceDay: compiler.referenceRule, sql: text, file: out)
    }
  }

  static func kind(_ kind: FeatureKind) -> String {
    switch kind {
    case .aggregate: "aggregate"
    case .ratio: "ratio"
    case .share: "share"
    case .customer: "customer"
    case .bands: "bands"
    case .changed: "changed"
    }
  }
}
