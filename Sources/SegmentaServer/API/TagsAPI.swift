import Foundation
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// Customer tags: the list, defining them from a spec, and one tag in full.
///
/// Applying them is a job.
enum TagsAPI {
  /// Tag definitions as a YAML spec (docs/tags.md).
  struct DefineForm: Decodable {
    var yaml: String
    /// The wide-table period the rules are checked against (default: the latest).
    var period: String?
  }

  static func register(_ routes: Routes, state: ServerState) {
    let limit = state.configuration.maxBodyBytes
    routes.list("/api/v1/tags", .readDashboards, "Every tag in definition order, with its latest apply.", state: state)
    {
      _ in ListTagsWorkflow()
    }
    routes.add(
      .post, "/api/v1/tags", .editTags,
      "Add or change tags from a YAML spec (`yaml`); every rule is checked before anything is stored."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(DefineForm.self, limit: limit)
      let source = "the tag spec"
      let definitions = try SegmentaError.catching { try TagSpecParser.parse(form.yaml, file: source) }
      let workflow = DefineTagsWorkflow(
        source: .definitions(definitions, source: source), period: try APIInput.checked(form.period, field: "period"))
      return JSONBody.response(try await state.write(workflow, caller: caller, command: request.auditCommand))
    }
    routes.add(
      .get, "/api/v1/tags/:name", .readDashboards,
      "One tag: its definition, every apply with customers gained and lost, and the profile of those carrying it "
        + "(`version`, `period`)."
    ) { request, context, caller in
      let workflow = TagDetailWorkflow(
        name: try context.parameter("name"), version: try request.queryInteger("version", in: 1...1_000_000),
        period: try request.queryText("period"))
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
  }
}
