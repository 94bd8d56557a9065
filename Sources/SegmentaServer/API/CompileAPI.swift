import Foundation
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// What the analyst defined as SQL for Spark, PostgreSQL or DuckDB, and segmentations as model files
/// (docs/scale.md): the `segmenta compile` and `export-model` commands as routes.
enum CompileAPI {
  /// A stored segmentation to compile or export.
  struct ModelForm: Decodable {
    var segmentation: String
    var version: Int?
    var target: SQLDialect?
    var table: String?
  }

  /// A rule to compile.
  struct RuleForm: Decodable {
    var rule: String
    var target: SQLDialect?
    var table: String?
    var tagTable: String?
    var period: String?
  }

  /// The defined tags to compile.
  struct TagsForm: Decodable {
    var target: SQLDialect?
    var table: String?
    var tagTable: String?
    var period: String?
  }

  /// A segmentation to export as a model file.
  struct ExportForm: Decodable {
    var segmentation: String
    var version: Int?
    var format: ExportModelWorkflow.Format?
  }

  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .post, "/api/v1/compile/model", .readDashboards,
      "A stored segmentation as one SQL query returning customer_id, cluster, segment and segment_name for every row "
        + "of a table (target spark, postgres or duckdb)."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(ModelForm.self, limit: 16_384)
      return JSONBody.response(
        try await state.read(try model(form), caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/compile/rule", .readDashboards,
      "A rule as an SQL query selecting the customer_id of every customer for whom it is true, and its WHERE condition."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(RuleForm.self, limit: 65_536)
      return JSONBody.response(
        try await state.read(try rule(form), caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/compile/tags", .readDashboards,
      "Every defined tag as an SQL script filling a tag table (customer_id, tag) in the order tags apply computes them."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSONIfPresent(TagsForm.self, limit: 16_384) ?? TagsForm()
      return JSONBody.response(
        try await state.read(try tags(form), caller: caller, command: request.auditCommand))
    }
    routes.add(
      .post, "/api/v1/compile/export-model", .readDashboards,
      "A stored segmentation as a PMML 4.4 ClusteringModel or Segmenta's JSON model file (format pmml or json)."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(ExportForm.self, limit: 16_384)
      return JSONBody.response(
        try await state.read(try export(form), caller: caller, command: request.auditCommand))
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
}
