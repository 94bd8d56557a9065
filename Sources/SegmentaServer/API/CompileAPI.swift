import Foundation
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// What the analyst defined as SQL for Spark, PostgreSQL or DuckDB, and segmentations as model files
/// (docs/scale.md): the `segmenta compile` and `export-model` commands as routes.
///
/// Each route has the same shape (``route(_:state:_:_:limit:empty:workflow:)``): a JSON body decoded as a form,
/// the form turned into the command's workflow, the workflow run read-only as the caller, its output answered as
/// the command's `--json`.
enum CompileAPI {
  /// A stored segmentation to compile or export.
  struct ModelForm: Decodable, Sendable {
    var segmentation: String
    var version: Int?
    var target: SQLDialect?
    var table: String?
  }

  /// A rule to compile.
  struct RuleForm: Decodable, Sendable {
    var rule: String
    var target: SQLDialect?
    var table: String?
    var tagTable: String?
    var period: String?
  }

  /// The defined tags to compile.
  struct TagsForm: Decodable, Sendable {
    var target: SQLDialect?
    var table: String?
    var tagTable: String?
    var period: String?
  }

  /// A segmentation to export as a model file.
  struct ExportForm: Decodable, Sendable {
    var segmentation: String
    var version: Int?
    var format: ExportModelWorkflow.Format?
  }

  /// A wide-table spec to compile: YAML text, or the spec the workspace stored with a period.
  struct FeaturesForm: Decodable, Sendable {
    /// The spec as YAML text.
    var spec: String?
    /// Without `spec`: the period whose stored spec is compiled (default the latest).
    var period: String?
    var target: SQLDialect?
    var eventsTable: String?
    var customersTable: String?
    var previousTable: String?
    /// The reference date `YYYY-MM-DD`, overriding the spec's.
    var asOf: String?
  }

  /// The value table to compile over a transaction table.
  struct ValueForm: Decodable, Sendable {
    var target: SQLDialect?
    var transactionsTable: String?
    var customerColumn: String?
    var dateColumn: String?
    var amountColumn: String?
    /// The value table's label (default the latest built).
    var valueTable: String?
    /// The end of the observation `YYYY-MM-DD` (default the stored table's).
    var asOf: String?
    var timeUnit: ValueTimeUnit?
    var bins: Int?
  }

  /// A segmentation whose profile statistics to compile.
  struct ProfileForm: Decodable, Sendable {
    var segmentation: String
    var version: Int?
    var target: SQLDialect?
    /// The tables of feature columns, of scores (customer_id, segment) and of customer columns.
    var table: String?
    var scores: String?
    var customers: String?
    /// A profile spec as YAML text (KPIs and categories).
    var spec: String?
  }

  /// A stored campaign whose target list to compile.
  struct CampaignForm: Decodable, Sendable {
    var campaign: String
    var target: SQLDialect?
    /// The table of the fields the target rule reads, of the opt-out and address columns (default `table`), of tag
    /// memberships, of contact statuses and of contacts made.
    var table: String?
    var customersTable: String?
    var tagTable: String?
    var statusesTable: String?
    var contactsTable: String?
    /// Leave contact statuses unchecked when no statuses table is given.
    var skipStatuses: Bool?
    /// The time the frequency cap counts back from, `YYYY-MM-DDTHH:MM:SS` (default now).
    var now: String?
    /// The list table the script creates (default `campaign_NAME`).
    var listTable: String?
    var period: String?
  }

  /// The largest body of a route taking a spec: the largest spec, escaped as JSON.
  static let specBodyLimit = 2 * SpecFile.maximumBytes

  /// The name a spec given as text has in messages and in the comments of the SQL.
  static let specName = "spec"

  static func register(_ routes: Routes, state: ServerState) {
    route(
      routes, state: state, "model",
      "A stored segmentation as one SQL query returning customer_id, cluster, segment and segment_name for every row "
        + "of a table (target spark, postgres or duckdb).", workflow: model)
    route(
      routes, state: state, "rule",
      "A rule as an SQL query selecting the customer_id of every customer for whom it is true, and its WHERE condition.",
      limit: 65_536, workflow: rule)
    route(
      routes, state: state, "tags",
      "Every defined tag as an SQL script filling a tag table (customer_id, tag) in the order tags apply computes them.",
      empty: TagsForm(), workflow: tags)
    route(
      routes, state: state, "export-model",
      "A stored segmentation as a PMML 4.4 ClusteringModel or Segmenta's JSON model file (format pmml or json).",
      workflow: export)
    route(
      routes, state: state, "features",
      "A wide-table spec (`spec`, YAML; without it the spec stored with `period`, default the latest) as one SQL query "
        + "returning customer_id and every feature from the events and customers tables.",
      limit: specBodyLimit, empty: FeaturesForm(), workflow: features)
    route(
      routes, state: state, "value",
      "The value table, RFM scores and lifetime-value predictions as one SQL query over a transaction table "
        + "(`value_table`, default the latest).", empty: ValueForm(), workflow: value)
    route(
      routes, state: state, "profile",
      "The statistics of a segmentation's profile (`spec`: a profile spec, YAML) as one SQL query over the feature, "
        + "score and customer tables; `segmenta profile NAME --statistics` renders its result.",
      limit: specBodyLimit, workflow: profile)
    route(
      routes, state: state, "campaign",
      "A stored campaign's target list as an SQL script that (re)creates the list table: customer_id, campaign_group "
        + "(target, control, excluded), reason and stratum, with the counts of `campaign select`.",
      workflow: campaign)
  }

  /// Registers `POST /api/v1/compile/<name>` for `read_dashboards`: the JSON body (at most `limit` bytes) decoded as
  /// `Form` (an empty body is `empty`, or refused when there is none), `workflow` of the form run read-only as the
  /// caller, and its output answered as the command's `--json`.
  static func route<Form: Decodable & Sendable, W: Workflow>(
    _ routes: Routes, state: ServerState, _ name: String, _ summary: String, limit: Int = 16_384, empty: Form? = nil,
    workflow: @escaping @Sendable (Form) throws(SegmentaError) -> W
  ) where W.Output: Encodable {
    routes.add(.post, "/api/v1/compile/\(name)", .readDashboards, summary) { request, _, caller in
      var request = request
      let form: Form
      if let empty {
        form = try await request.decodeJSONIfPresent(Form.self, limit: limit) ?? empty
      } else {
        form = try await request.decodeJSON(Form.self, limit: limit)
      }
      return JSONBody.response(try await state.read(try workflow(form), caller: caller, command: request.auditCommand))
    }
  }

  static func model(_ form: ModelForm) throws(SegmentaError) -> CompileModelWorkflow {
    CompileModelWorkflow(
      name: try APIInput.checkedText(form.segmentation, field: "segmentation"), version: form.version,
      target: form.target ?? .duckdb, table: try APIInput.checked(form.table, field: "table") ?? "features")
  }

  static func rule(_ form: RuleForm) throws(SegmentaError) -> CompileRuleWorkflow {
    guard form.rule.count <= RulesAPI.maximumRuleLength else {
      throw SegmentaError(.invalidRequest, "a rule has at most \(RulesAPI.maximumRuleLength) characters", field: "rule")
    }
    return CompileRuleWorkflow(
      rule: form.rule, target: form.target ?? .duckdb,
      table: try APIInput.checked(form.table, field: "table") ?? "customers",
      tagTable: try APIInput.checked(form.tagTable, field: "tag_table") ?? "customer_tags",
      period: try APIInput.checked(form.period, field: "period"))
  }

  static func tags(_ form: TagsForm) throws(SegmentaError) -> CompileTagsWorkflow {
    CompileTagsWorkflow(
      target: form.target ?? .duckdb, table: try APIInput.checked(form.table, field: "table") ?? "customers",
      tagTable: try APIInput.checked(form.tagTable, field: "tag_table") ?? "customer_tags",
      period: try APIInput.checked(form.period, field: "period"))
  }

  static func export(_ form: ExportForm) throws(SegmentaError) -> ExportModelWorkflow {
    ExportModelWorkflow(
      name: try APIInput.checkedText(form.segmentation, field: "segmentation"), version: form.version,
      format: form.format ?? .pmml)
  }

  static func features(_ form: FeaturesForm) throws(SegmentaError) -> CompileFeaturesWorkflow {
    CompileFeaturesWorkflow(
      spec: form.spec.map { .text($0, name: specName) }, period: try APIInput.checked(form.period, field: "period"),
      target: form.target ?? .duckdb,
      eventsTable: try APIInput.checked(form.eventsTable, field: "events_table") ?? "events",
      customersTable: try APIInput.checked(form.customersTable, field: "customers_table") ?? "customers",
      previousTable: try APIInput.checked(form.previousTable, field: "previous_table"),
      asOf: try RequestValues.day(APIInput.checked(form.asOf, field: "as_of"), field: "as_of"))
  }

  static func value(_ form: ValueForm) throws(SegmentaError) -> CompileValueWorkflow {
    CompileValueWorkflow(
      target: form.target ?? .duckdb,
      transactionsTable: try APIInput.checked(form.transactionsTable, field: "transactions_table") ?? "transactions",
      customerColumn: try APIInput.checked(form.customerColumn, field: "customer_column") ?? "customer_id",
      dateColumn: try APIInput.checked(form.dateColumn, field: "date_column") ?? "date",
      amountColumn: try APIInput.checked(form.amountColumn, field: "amount_column") ?? "amount",
      label: try APIInput.checked(form.valueTable, field: "value_table"),
      asOf: try RequestValues.day(APIInput.checked(form.asOf, field: "as_of"), field: "as_of"), timeUnit: form.timeUnit,
      bins: form.bins)
  }

  static func profile(_ form: ProfileForm) throws(SegmentaError) -> CompileProfileWorkflow {
    CompileProfileWorkflow(
      name: try APIInput.checkedText(form.segmentation, field: "segmentation"), version: form.version,
      target: form.target ?? .duckdb,
      tables: ProfileSQL.Tables(
        features: try APIInput.checked(form.table, field: "table") ?? "features",
        scores: try APIInput.checked(form.scores, field: "scores") ?? "scores",
        customers: try APIInput.checked(form.customers, field: "customers") ?? "customers"),
      spec: form.spec.map { .text($0, name: specName) })
  }

  static func campaign(_ form: CampaignForm) throws(SegmentaError) -> CompileCampaignWorkflow {
    CompileCampaignWorkflow(
      name: try APIInput.checkedText(form.campaign, field: "campaign"), target: form.target ?? .duckdb,
      table: try APIInput.checked(form.table, field: "table") ?? "customers",
      customersTable: try APIInput.checked(form.customersTable, field: "customers_table"),
      tagTable: try APIInput.checked(form.tagTable, field: "tag_table") ?? "customer_tags",
      statusesTable: try APIInput.checked(form.statusesTable, field: "statuses_table"),
      contactsTable: try APIInput.checked(form.contactsTable, field: "contacts_table"),
      skipStatuses: form.skipStatuses ?? false, now: try APIInput.checked(form.now, field: "now"),
      listTable: try APIInput.checked(form.listTable, field: "list_table"),
      period: try APIInput.checked(form.period, field: "period"))
  }
}
