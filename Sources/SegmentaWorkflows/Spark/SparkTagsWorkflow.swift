import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta spark tags`: the compiled tags script (``CompileTagsWorkflow`` for Spark) run on Spark over a table of
/// customers and their features, filling the tag table (`customer_id`, `tag`), then counting each tag's customers.
package struct SparkTagsWorkflow: Workflow {
  /// The table with `customer_id` and the fields the rules read.
  package var table: String
  /// The tag table written: a folder of files, or a catalogue table the script (re)creates.
  package var tagTable: String
  /// For each segmentation a rule reads (`segment(NAME)`), the table of its segments (`customer_id`,
  /// `segment_id`, as `segmenta export NAME` writes them), by NAME (or `NAME_previous` for the previous
  /// version); catalogue tables named `segments_NAME` need none.
  package var segments: [String: String]
  /// The wide-table period the rules are checked against (default: the latest).
  package var period: String?
  package var options: SparkOptions

  package init(
    table: String, tagTable: String = "customer_tags", segments: [String: String] = [:], period: String? = nil,
    options: SparkOptions
  ) {
    self.table = table
    self.tagTable = tagTable
    self.segments = segments
    self.period = period
    self.options = options
  }

  /// One tag and its customers.
  package struct TagCount: Sendable, Codable, Equatable {
    package var tag: String
    package var customers: Int
  }

  package struct Output: Sendable, Codable {
    package var table: SparkTable
    package var tagTable: SparkTable
    /// Every tag in the order the script fills them, with its customers (0 for a tag nobody carries).
    package var tags: [TagCount]
    /// Rows of the tag table: one per customer and tag carried.
    package var rows: Int
    package var run: SparkRun
  }

  /// The catalogue table the script fills when the tags go to files.
  static let workTable = "segmenta_customer_tags"

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let input = options.table(table)
    let output = options.table(tagTable)
    try input.check(option: "--table")
    try output.check(option: "--tag-table")
    let segmentTables = try options.segmentTables(segments)
    try SparkOutputs.check(
      output, option: "--tag-table", inputs: [input] + segmentTables.values, options: options, context: context)
    let filled = output.format == .table ? output.location : Self.workTable
    let compiled = try CompileTagsWorkflow(
      target: .spark, table: SparkScript.reference(input, view: "customers"), tagTable: filled, period: period
    ).run(context)
    let runner = try SparkRunner(options: options, context: context)
    var script = SparkScript(title: "Fills \(tagTable) with the \(compiled.tags.count) tags of \(table).")
    script.read(input, as: "customers")
    for (reference, name) in compiled.segmentations.sorted(by: { $0.key < $1.key }) {
      if let given = segmentTables[String(name.dropFirst("segments_".count))] ?? segmentTables[name] {
        script.read(given, asView: name)
      } else if options.format != .table {
        throw SegmentaError(
          .invalidRequest,
          "the tags read segment(\(reference)): give its segments with --segments "
            + "\(name.dropFirst("segments_".count))=TABLE (customer_id, segment_id as `segmenta export` writes them)",
          field: "segments")
      }
    }
    if output.format == .table && !options.replace {
      // The compiled script recreates its tag table: without --replace, an existing table is refused first.
      script.add(
        "checking that \(tagTable) does not exist",
        "CREATE TABLE \(SQLDialect.spark.table(output.location)) (`customer_id` STRING, `tag` STRING) USING parquet")
    }
    script.add(statements: compiled.sql, step: "tagging")
    if output.format != .table {
      script.write(
        "SELECT `customer_id`, `tag` FROM `\(filled)`", to: output, replace: options.replace,
        step: "writing \(tagTable)")
    }
    script.select(
      "tag", columns: "`tag`, COUNT(*)", from: "FROM \(SQLDialect.spark.table(filled)) GROUP BY `tag` ORDER BY `tag`",
      step: "counting customers per tag")
    let run = try runner.run(script, name: "tags")
    var counts: [String: Int] = [:]
    for row in run.rows("tag") where row.count == 2 { counts[row[0]] = Int(row[1]) }
    let tags = compiled.tags.map { TagCount(tag: $0, customers: counts[$0] ?? 0) }
    return Output(
      table: input, tagTable: output, tags: tags, rows: tags.reduce(0) { $0 + $1.customers }, run: run)
  }
}
