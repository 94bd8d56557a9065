import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// The members of a segment, a tag or a rule: a JSON page of them, or every one as a CSV download (audited).
///
/// Both run ``MembersWorkflow``; personal columns are masked unless a download asks for `reveal` and the
/// role may reveal contacts.
enum MembersAPI {
  /// The options of a members download.
  struct ExportForm: Decodable {
    /// The segmentation's version (segments).
    var version: Int?
    /// The value of a family of tags (tags).
    var value: String?
    /// The rule (rules).
    var rule: String?
    /// Comma-separated columns (default: the customer id and a few that describe the members).
    var columns: String?
    var period: String?
    /// Personal columns unmasked (needs `reveal_contacts`).
    var reveal: Bool?
    /// Segment names in `segment(NAME)` columns: zh, en or both.
    var lang: String?
  }

  static func register(_ routes: Routes, state: ServerState) {
    let limit = state.configuration.maxBodyBytes
    let columnsHelp = "`columns` (comma-separated), `period`, `offset`, `limit`; personal columns masked."
    routes.add(
      .get, "/api/v1/segmentations/:name/segments/:segment/members", .readDashboards,
      "A page of a segment's members (segment by number or name; `version`) with the columns asked for: "
        + columnsHelp
    ) { request, context, caller in
      let source = MembersWorkflow.Source.segment(
        segmentation: try context.parameter("name"), version: try request.queryInteger("version", in: 1...1_000_000),
        segment: try context.parameter("segment"))
      return try await page(source, request: request, caller: caller, state: state)
    }
    routes.add(
      .post, "/api/v1/segmentations/:name/segments/:segment/members/export", .exportData,
      "Every member of a segment as a CSV download (`version`, `columns`, `period`, `reveal`, `lang`); audited."
    ) { request, context, caller in
      let name = try context.parameter("name")
      let segment = try context.parameter("segment")
      var request = request
      let form = try await request.decodeJSONIfPresent(ExportForm.self, limit: limit) ?? ExportForm()
      return try await download(
        .segment(segmentation: name, version: form.version, segment: segment), form: form,
        filename: "\(name)-segment-\(segment)-members.csv", request: request, caller: caller, state: state)
    }
    routes.add(
      .get, "/api/v1/tags/:name/members", .readDashboards,
      "A page of the customers carrying a tag (its latest apply; `value` for a family of tags): " + columnsHelp
    ) { request, context, caller in
      let source = MembersWorkflow.Source.tag(try context.parameter("name"), value: try request.queryText("value"))
      return try await page(source, request: request, caller: caller, state: state)
    }
    routes.add(
      .post, "/api/v1/tags/:name/members/export", .exportData,
      "Every customer carrying a tag as a CSV download (`value`, `columns`, `period`, `reveal`); audited."
    ) { request, context, caller in
      let name = try context.parameter("name")
      var request = request
      let form = try await request.decodeJSONIfPresent(ExportForm.self, limit: limit) ?? ExportForm()
      return try await download(
        .tag(name, value: try APIInput.checked(form.value, field: "value")), form: form,
        filename: "\(name)-members.csv", request: request, caller: caller, state: state)
    }
    routes.add(
      .get, "/api/v1/rules/members", .readDashboards,
      "A page of the customers a rule (`rule`) selects: " + columnsHelp
    ) { request, _, caller in
      let source = MembersWorkflow.Source.rule(try rule(request.query("rule")))
      return try await page(source, request: request, caller: caller, state: state)
    }
    routes.add(
      .post, "/api/v1/rules/members/export", .exportData,
      "Every customer a rule (`rule`) selects as a CSV download (`columns`, `period`, `reveal`); audited."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(ExportForm.self, limit: limit)
      return try await download(
        .rule(try rule(form.rule)), form: form, filename: "rule-members.csv", request: request, caller: caller,
        state: state)
    }
  }

  /// A rule given to a members route: present and at most ``RulesAPI/maximumRuleLength`` characters.
  static func rule(_ text: String?) throws(SegmentaError) -> String {
    guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw SegmentaError(.invalidRequest, "give the rule whose customers to list in `rule`", field: "rule")
    }
    guard text.count <= RulesAPI.maximumRuleLength else {
      throw SegmentaError(.invalidRequest, "a rule has at most \(RulesAPI.maximumRuleLength) characters", field: "rule")
    }
    return text
  }

  /// The comma-separated `columns`, or nil for the default ones.
  static func columns(_ text: String?) throws(SegmentaError) -> [String]? {
    guard let text = try APIInput.checked(text, field: "columns"), !text.isEmpty else { return nil }
    return try NameList.parse(text, option: "columns")
  }

  /// A JSON page of the members of `source` (`columns`, `period`, `offset`, `limit` from the query).
  static func page(_ source: MembersWorkflow.Source, request: Request, caller: Caller, state: ServerState)
    async throws -> Response
  {
    let paging = try Paging(request)
    let workflow = MembersWorkflow(
      source: source, columns: try columns(request.query("columns")), period: try request.queryText("period"),
      offset: paging.offset, limit: paging.limit)
    return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
  }

  /// Every member of `source` as a CSV attachment named `filename`, recorded in the export audit.
  static func download(
    _ source: MembersWorkflow.Source, form: ExportForm, filename: String, request: Request, caller: Caller,
    state: ServerState
  ) async throws -> Response {
    let columns = try columns(form.columns)
    let period = try APIInput.checked(form.period, field: "period").flatMap { $0.isEmpty ? nil : $0 }
    let language = try SegmentsAPI.language(form.lang)
    let reveal = form.reveal ?? false
    return try await CSVTransfer.download(filename: filename, state: state, caller: caller, request: request) {
      path in
      MembersWorkflow(
        source: source, columns: columns, period: period, out: path, limit: 0, reveal: reveal, language: language)
    }
  }
}
