import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// A look at an uploaded CSV before it is imported.
enum UploadPreviewAPI {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .get, "/api/v1/uploads/:id/preview", .importData,
      "An uploaded CSV's header, first rows and each column's inferred type and personal-data flag (personal "
        + "values masked; `delimiter`, `id_column`, `rows`)."
    ) { request, context, caller in
      let path = try state.uploads.path(of: try context.parameter("id"))
      let workflow = PreviewFileWorkflow(
        path: path, delimiter: try request.queryText("delimiter") ?? ",",
        idColumn: try request.queryText("id_column"),
        rows: try request.queryInteger("rows", in: 0...100) ?? 20)
      return JSONBody.response(try await state.read(workflow, caller: caller, command: request.auditCommand))
    }
  }
}
