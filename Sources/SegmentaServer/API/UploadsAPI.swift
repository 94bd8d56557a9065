import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// Uploaded files (customers, events, specs) that jobs read.
enum UploadsAPI {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .post, "/api/v1/uploads", .importData,
      "Upload a file as the raw request body (`?name=customers.csv`); up to the configured size."
    ) { request, _, caller in
      let name = request.query("name") ?? "upload.csv"
      if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > state.configuration.maxUploadBytes
      {
        throw SegmentaError(
          .tooLarge, "the upload is larger than the server accepts (\(state.configuration.maxUploadBytes) bytes)")
      }
      let upload = try await state.uploads.save(
        request.body, name: name, user: caller.user.name, limit: state.configuration.maxUploadBytes)
      var response = JSONBody.response(upload, status: .created)
      response.headers[.location] = "/api/v1/uploads/\(upload.id)"
      return response
    }
    routes.add(.get, "/api/v1/uploads", .importData, "Uploaded files, newest first.") { request, _, _ in
      JSONBody.response(PageOf(all: state.uploads.all(), paging: try Paging(request)))
    }
    routes.add(.get, "/api/v1/uploads/:id", .importData, "One uploaded file.") { _, context, _ in
      JSONBody.response(try state.uploads.upload(try context.parameter("id")))
    }
  }
}

extension UploadStore {
  /// Stores `text` as an upload (a spec typed into a form).
  func saveText(_ text: String, name: String, user: String) async throws -> (upload: Upload, path: String) {
    guard text.utf8.count <= 1 << 20 else { throw SegmentaError(.tooLarge, "the text is larger than 1 MiB") }
    var buffer = ByteBuffer()
    buffer.writeString(text)
    let upload = try await save(RequestBody(buffer: buffer), name: name, user: user, limit: 1 << 20)
    return (upload, try path(of: upload.id))
  }
}
