import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta compile campaign NAME`: a stored campaign's target list as an SQL script for Spark, PostgreSQL or
/// DuckDB that (re)creates the list table (``CampaignSQL``), the target rule checked as `campaign select` checks
/// it and suppression read from the tables where the data is.
package struct CompileCampaignWorkflow: Workflow {
  package var name: String
  package var target: SQLDialect
  /// The table with `customer_id` and the fields the target rule reads.
  package var table: String
  /// The table with the customer columns suppression reads (default: `table`).
  package var customersTable: String?
  /// The table of tag memberships (`customer_id`, `tag`).
  package var tagTable: String
  /// The table of contact statuses (`customer_id`, `status`).
  package var statusesTable: String?
  /// The table of contacts made (`customer_id`, `contacted_at`), for the frequency cap.
  package var contactsTable: String?
  /// Leave contact statuses unchecked when no statuses table is given.
  package var skipStatuses: Bool
  /// The time the frequency cap counts back from, ISO 8601 (default: the current time).
  package var now: String?
  /// The list table the script (re)creates (default: `campaign_NAME`).
  package var listTable: String?
  /// The wide-table period whose features the rule is checked against (default: the latest).
  package var period: String?
  /// The file to write (`-` standard output); nil returns the text only.
  package var out: String?

  package init(
    name: String, target: SQLDialect, table: String = "customers", customersTable: String? = nil,
    tagTable: String = "customer_tags", statusesTable: String? = nil, contactsTable: String? = nil,
    skipStatuses: Bool = false, now: String? = nil, listTable: String? = nil, period: String? = nil,
    out: String? = nil
  ) {
    self.name = name
    self.target = target
    self.table = table
    self.customersTable = customersTable
    self.tagTable = tagTable
    self.statusesTable = statusesTable
    self.contactsTable = contactsTable
    self.skipStatuses = skipStatuses
    self.now = now
    self.listTable = listTable
    self.period = period
    self.out = out
  }

  package struct Output: Sendable, Codable {
    package var campaign: String
    package var target: SQLDialect
    package var tables: CampaignSQL.Tables
    package var control: CampaignSpec.ControlMode
    package var controlShare: Double
    package var seed: UInt64
    package var stratifyBy: String?
    package var maximumTargets: Int?
    /// The fields the rule reads, each with how the table must hold it.
    package var fields: [String: String]
    /// The segmentations read (by the rule and for the strata), each with the table it is read from.
    package var segmentations: [String: String]
    package var tags: [String]
    /// The customer columns suppression reads: opt-out, do-not-contact, the channel's address.
    package var suppressionColumns: [String]
    /// Whether excluded contact statuses are checked (false with `skip_statuses`, or when none are excluded).
    package var statusesChecked: Bool
    /// The time the frequency cap counts back from.
    package var now: String
    /// The start of the frequency cap's window, when the campaign has a cap.
    package var frequencyCapSince: String?
    package var sql: String
    package var file: String?
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SQLDialect.checkTableName(table, field: "table")
    try SQLDialect.checkTableName(tagTable, field: "tag-table")
    for (value, field) in [
      (customersTable, "customers-table"), (statusesTable, "statuses-table"), (contactsTable, "contacts-table"),
      (listTable, "list-table"),
    ] {
      if let value { try SQLDialect.checkTableName(value, field: field) }
    }
    let seconds = try SelectCampaignWorkflow.seconds(now)
    let output = try out.map { path throws(SegmentaError) in try context.checkOutput(path, option: "--out") }
    let workspace = try context.workspace(for: .read)
    let spec = try context.campaign(named: name, in: workspace).spec
    let list = listTable ?? CampaignSQL.listTable(for: spec.name)
    try SQLDialect.checkTableName(list, field: "list-table")
    if spec.frequencyCap != nil, contactsTable == nil {
      throw SegmentaError(
        .invalidRequest,
        "campaign \(spec.name) has a frequency cap: give the contacts made with --contacts-table (customer_id, "
          + "contacted_at)", field: "contacts-table")
    }
    if !spec.excludedStatuses.isEmpty, statusesTable == nil, !skipStatuses {
      throw SegmentaError(
        .invalidRequest,
        "campaign \(spec.name) excludes customers whose contact status is "
          + spec.excludedStatuses.map(\.rawValue).joined(separator: " or ")
          + ": give the statuses with --statuses-table (customer_id, status), or pass --skip-statuses to leave them "
          + "unchecked", field: "statuses-table")
    }
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    let compiled: CompiledRule
    do {
      compiled = try CompiledRule(spec.target, schema: data.schema)
    } catch {
      throw SegmentaError(.invalidRequest, "campaign \(spec.name)'s target rule: \(error.description)", field: "target")
    }
    if let segmentation = spec.stratifyBy, data.schema.segmentations[segmentation] == nil {
      throw SegmentaError(
        .notFound, "campaign \(spec.name) is stratified by segmentation '\(segmentation)', which does not exist",
        field: "stratify_by")
    }
    let (ruleColumns, fields) = CompileRuleWorkflow.columns(of: compiled, data: data)
    let setup = try CampaignContactSetup(spec, workspace: workspace)
    let types = Dictionary(
      try workspace.customerColumns().map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
    let columns = CampaignSQL.Columns(
      optOut: setup.optOut.map { (name: $0, type: types[$0] ?? .text) },
      doNotContact: setup.doNotContact.map { (name: $0, type: types[$0] ?? .text) }, contact: setup.contact?.name)
    let since = spec.frequencyCap.map { seconds - Int64($0.days) * 86_400 }
    let tables = CampaignSQL.Tables(
      table: table, customers: customersTable, tags: tagTable,
      statuses: spec.excludedStatuses.isEmpty ? nil : statusesTable, contacts: contactsTable, list: list)
    let sql = CampaignSQL(
      spec: spec, rule: RuleSQL(rule: compiled, columns: ruleColumns, dialect: target), columns: columns,
      capSince: since)
    let text = sql.script(tables)
    if let output { try TextOutput.write(text, to: output) }
    let sources = RuleSQL.Sources(table: table, tagTable: tagTable)
    var segmentations: [String: String] = [:]
    for (reference, _) in sql.rule.segmentAliases {
      segmentations[reference.description] = sources.segmentTable(reference)
    }
    if let segmentation = spec.stratifyBy {
      let reference = SegmentationReference(segmentation)
      segmentations[reference.description] = sources.segmentTable(reference)
    }
    return Output(
      campaign: spec.name, target: target, tables: tables, control: spec.control, controlShare: spec.controlShare,
      seed: spec.seed, stratifyBy: spec.stratifyBy, maximumTargets: spec.maximumTargets, fields: fields,
      segmentations: segmentations, tags: compiled.tags.sorted(),
      suppressionColumns: setup.optOut + [setup.doNotContact, setup.contact?.name].compactMap { $0 },
      statusesChecked: tables.statuses != nil, now: CivilDate.isoString(seconds: seconds) + "Z",
      frequencyCapSince: since.map { CivilDate.isoString(seconds: $0) + "Z" }, sql: text, file: out)
  }
}
