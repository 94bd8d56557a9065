import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta spark features --spec FILE`: the wide table of every customer built on Spark with the spec's compiled
/// query (``CompileFeaturesWorkflow`` for Spark), over the events and customers where they are, then counted.
///
/// The table written holds `customer_id` and every feature, as `segmenta features export` writes a period built
/// with `segmenta features build` from the same events: `spark sample`, `spark score`, `spark profile` and
/// `spark tags` read it. Spark runs with its session time zone set to UTC, so a TIMESTAMP column's wall-clock
/// times are the event files' (a `--conf spark.sql.session.timeZone=…` given by the user still wins).
package struct SparkFeaturesWorkflow: Workflow {
  /// The wide-table spec (YAML, docs/features.md).
  package var specPath: String
  /// The events: the columns of the event files (timestamp a TIMESTAMP, measures numbers).
  package var events: String
  /// The customers: `customer_id` and the customer columns the spec reads.
  package var customers: String
  /// The previous period's wide table, for `changed` features.
  package var previous: String?
  /// Overrides the spec's reference date (days since 1970-01-01).
  package var asOf: Int?
  /// Where the wide table goes.
  package var out: String
  package var options: SparkOptions

  package init(
    specPath: String, events: String, customers: String, previous: String? = nil, asOf: Int? = nil, out: String,
    options: SparkOptions
  ) {
    self.specPath = specPath
    self.events = events
    self.customers = customers
    self.previous = previous
    self.asOf = asOf
    self.out = out
    self.options = options
  }

  package struct Output: Sendable, Codable {
    package var spec: String
    package var events: SparkTable
    package var customers: SparkTable
    package var out: SparkTable
    /// The features, in spec order.
    package var features: [String]
    /// How the reference day is set.
    package var referenceDay: String
    /// Rows written: one per customer.
    package var rows: Int
    package var run: SparkRun
  }

  /// The Spark type of a column type ``CompileFeaturesWorkflow`` names.
  static func sparkType(_ type: String) -> String {
    switch type {
    case "double": "DOUBLE"
    case "timestamp": "TIMESTAMP"
    case "date": "DATE"
    default: "STRING"
    }
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    var options = options
    options.conf = ["spark.sql.session.timeZone=UTC"] + options.conf
    let eventTable = options.table(events)
    let customerTable = options.table(customers)
    let previousTable = previous.map(options.table)
    let output = options.table(out)
    try eventTable.check(option: "--events")
    try customerTable.check(option: "--customers")
    try previousTable?.check(option: "--previous")
    try output.check(option: "--out")
    let inputs = [eventTable, customerTable] + (previousTable.map { [$0] } ?? [])
    try SparkOutputs.check(output, option: "--out", inputs: inputs, options: options, context: context)
    let compiled = try CompileFeaturesWorkflow(
      specPath: specPath, target: .spark, eventsTable: SparkScript.reference(eventTable, view: "events"),
      customersTable: SparkScript.reference(customerTable, view: "customers"),
      previousTable: previousTable.map { SparkScript.reference($0, view: "previous") }, asOf: asOf
    ).run(context)
    func columns(_ role: String) -> [(name: String, type: String)]? {
      compiled.tables.first { $0.role == role }.map { table in
        table.columns.map { ($0.name, Self.sparkType($0.type)) }
      }
    }
    let runner = try SparkRunner(options: options, context: context)
    var script = SparkScript(
      title: "Builds the wide table of \(specPath) (\(compiled.features.count) features) from \(events) and "
        + "\(customers) into \(out).")
    // A CSV file is read as text (in its own column order, from its header), then cast to the types the query
    // needs under the name it reads.
    let reads =
      [("events", eventTable), ("customers", customerTable)] + (previousTable.map { [("previous", $0)] } ?? [])
    for (role, table) in reads {
      guard table.format == .csv else {
        script.read(table, as: role)
        continue
      }
      script.read(table, as: role + "_text")
      let casts = (columns(role) ?? []).map { column in
        "CAST(\(SQLDialect.spark.identifier(column.name)) AS \(column.type)) AS \(SQLDialect.spark.identifier(column.name))"
      }
      script.add(
        "typing \(table.location)",
        "CREATE TEMPORARY VIEW `\(role)` AS SELECT " + casts.joined(separator: ", ") + " FROM `\(role)_text`")
    }
    script.write(compiled.sql, to: output, replace: options.replace, step: "building the wide table")
    script.read(
      output, as: "wide", columns: [("customer_id", "STRING")] + compiled.features.map { ($0.name, "DOUBLE") })
    script.select(
      "rows", columns: "COUNT(*)", from: "FROM \(SQLDialect.spark.table(SparkScript.reference(output, view: "wide")))",
      step: "counting customers")
    let run = try runner.run(script, name: "features")
    let rows = run.rows("rows").first.flatMap { $0.first }.flatMap { Int($0) } ?? 0
    return Output(
      spec: specPath, events: eventTable, customers: customerTable, out: output,
      features: compiled.features.map(\.name), referenceDay: compiled.referenceDay, rows: rows, run: run)
  }
}
