import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta spark campaign NAME`: a stored campaign's compiled target list (``CompileCampaignWorkflow`` for Spark)
/// run on Spark, writing `customer_id`, `campaign_group`, `reason`, `stratum` for every customer the target rule
/// selects (and the random controls), then counting the list per group, reason and stratum.
package struct SparkCampaignWorkflow: Workflow {
  package var name: String
  /// The table with `customer_id` and the fields the target rule reads.
  package var table: String
  /// The table with the customer columns suppression reads (default: `table`).
  package var customers: String?
  /// The tag table (`customer_id`, `tag`), for rules reading `tag(NAME)`.
  package var tags: String?
  /// The segments of each segmentation read (`customer_id`, `segment_id`, as `segmenta export NAME` writes them), by
  /// name; catalogue tables named `segments_NAME` need none.
  package var segments: [String: String]
  /// The scores `segmenta spark score` wrote (`customer_id`, `segment`), for the segmentation the campaign is
  /// stratified by (or the one its rule reads).
  package var scores: String?
  /// The contact statuses (`customer_id`, `status`).
  package var statuses: String?
  /// The contacts made (`customer_id`, `contacted_at`), for the frequency cap.
  package var contacts: String?
  /// Leave contact statuses unchecked when no statuses table is given.
  package var skipStatuses: Bool
  /// The time the frequency cap counts back from, ISO 8601 (default: the current time).
  package var now: String?
  /// Where the list goes.
  package var out: String
  /// The wide-table period the rule is checked against (default: the latest).
  package var period: String?
  package var options: SparkOptions

  package init(
    name: String, table: String, customers: String? = nil, tags: String? = nil, segments: [String: String] = [:],
    scores: String? = nil, statuses: String? = nil, contacts: String? = nil, skipStatuses: Bool = false,
    now: String? = nil, out: String, period: String? = nil, options: SparkOptions
  ) {
    self.name = name
    self.table = table
    self.customers = customers
    self.tags = tags
    self.segments = segments
    self.scores = scores
    self.statuses = statuses
    self.contacts = contacts
    self.skipStatuses = skipStatuses
    self.now = now
    self.out = out
    self.period = period
    self.options = options
  }

  /// Customers of the list in one group, with one reason, in one stratum.
  package struct GroupCount: Sendable, Codable, Equatable {
    package var group: String
    package var reason: String?
    package var stratum: Int?
    package var customers: Int
  }

  package struct Output: Sendable, Codable {
    package var campaign: String
    package var table: SparkTable
    package var out: SparkTable
    package var targets: Int
    package var controls: Int
    /// Customers the rule selected but suppression (or the list's size) left out, by reason.
    package var excluded: [String: Int]
    /// The list's rows per group, reason and stratum.
    package var counts: [GroupCount]
    package var statusesChecked: Bool
    package var now: String
    package var run: SparkRun
  }

  /// The catalogue table the script fills when the list goes to files.
  static let workTable = "segmenta_campaign_list"

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    // Contact times given as text with a zone (`…Z`) are read as the UTC times the workspace compares.
    var options = options
    options.conf = ["spark.sql.session.timeZone=UTC"] + options.conf
    let input = options.table(table)
    let output = options.table(out)
    try input.check(option: "--table")
    try output.check(option: "--out")
    var inputs: [(SparkTable, view: String, option: String)] = [(input, "customers", "--table")]
    for (value, view, option) in [
      (customers, "campaign_customers", "--customers"), (tags, "customer_tags", "--tags"),
      (statuses, "contact_statuses", "--statuses"), (contacts, "contacts", "--contacts"),
      (scores, "campaign_scores", "--scores"),
    ] {
      guard let value else { continue }
      let table = options.table(value)
      try table.check(option: option)
      inputs.append((table, view, option))
    }
    let segmentTables = try options.segmentTables(segments)
    try SparkOutputs.check(
      output, option: "--out", inputs: inputs.map { $0.0 } + segmentTables.values, options: options, context: context)
    func view(of option: String) -> String? {
      inputs.first { $0.option == option }.map { SparkScript.reference($0.0, view: $0.view) }
    }
    let filled = output.format == .table ? output.location : Self.workTable
    let compiled = try CompileCampaignWorkflow(
      name: name, target: .spark, table: SparkScript.reference(input, view: "customers"),
      customersTable: view(of: "--customers"), tagTable: view(of: "--tags") ?? "customer_tags",
      statusesTable: view(of: "--statuses"), contactsTable: view(of: "--contacts"), skipStatuses: skipStatuses,
      now: now, listTable: filled, period: period
    ).run(context)
    let runner = try SparkRunner(options: options, context: context)
    var script = SparkScript(title: "Writes campaign \(compiled.campaign)'s target list from \(table) to \(out).")
    for (table, view, _) in inputs where view != "campaign_scores" { script.read(table, as: view) }
    if let scored = inputs.first(where: { $0.view == "campaign_scores" }) {
      script.read(scored.0, as: "campaign_scores")
      let names = Set(
        compiled.segmentations.filter { !$0.key.contains(",") }.map { $0.value.dropFirst("segments_".count) })
      guard names.count == 1, let segmentation = names.first else {
        throw SegmentaError(
          .invalidRequest,
          "--scores gives one segmentation's segments, and campaign \(compiled.campaign) reads "
            + (names.isEmpty ? "none" : names.sorted().joined(separator: ", "))
            + "; give each with --segments NAME=TABLE",
          field: "scores")
      }
      script.add(
        "reading \(scored.0.location)",
        "CREATE TEMPORARY VIEW `segments_\(segmentation)` AS SELECT `customer_id`, CAST(`segment` AS BIGINT) AS "
          + "`segment_id` FROM \(SQLDialect.spark.table(SparkScript.reference(scored.0, view: "campaign_scores")))")
    }
    for (reference, table) in compiled.segmentations.sorted(by: { $0.key < $1.key }) {
      if scores != nil, !reference.contains(",") { continue }
      if let given = segmentTables[String(table.dropFirst("segments_".count))] ?? segmentTables[table] {
        script.read(given, asView: table)
      } else if options.format != .table {
        throw SegmentaError(
          .invalidRequest,
          "campaign \(compiled.campaign) reads segmentation \(reference): give its segments with --segments "
            + "\(table.dropFirst("segments_".count))=TABLE (customer_id, segment_id as `segmenta export` writes them) "
            + "or --scores (as `segmenta spark score` writes them)", field: "segments")
      }
    }
    script.add(statements: compiled.sql, step: "selecting the target list")
    if output.format != .table {
      script.write(
        "SELECT `customer_id`, `campaign_group`, `reason`, `stratum` FROM `\(filled)`", to: output,
        replace: options.replace, step: "writing \(out)")
    }
    script.select(
      "group", columns: "`campaign_group`, COALESCE(`reason`, ''), COALESCE(CAST(`stratum` AS STRING), ''), COUNT(*)",
      from: "FROM \(SQLDialect.spark.table(filled)) GROUP BY `campaign_group`, `reason`, `stratum` "
        + "ORDER BY `campaign_group`, `reason`, `stratum`",
      step: "counting the list per group, reason and stratum")
    let run = try runner.run(script, name: "campaign")
    var counts: [GroupCount] = []
    var targets = 0
    var controls = 0
    var excluded: [String: Int] = [:]
    for row in run.rows("group") where row.count == 4 {
      guard let customers = Int(row[3]) else { continue }
      counts.append(
        GroupCount(group: row[0], reason: row[1].isEmpty ? nil : row[1], stratum: Int(row[2]), customers: customers))
      switch row[0] {
      case "target": targets += customers
      case "control": controls += customers
      default: excluded[row[1], default: 0] += customers
      }
    }
    return Output(
      campaign: compiled.campaign, table: input, out: output, targets: targets, controls: controls,
      excluded: excluded, counts: counts, statusesChecked: compiled.statusesChecked, now: compiled.now, run: run)
  }
}
