import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import SegmentaCore
import SegmentaWorkflows

/// CSV files in and out of the API: exports written to a temporary file in the uploads folder and sent
/// back as a download, and CSV request bodies kept as a temporary upload for a workflow to read.
enum CSVTransfer {
  /// Runs the workflow `make` builds for a temporary CSV path and sends the file back as an attachment.
  ///
  /// The workflow runs as a write when it is `audited` (exports record the audit in the workspace). The
  /// attachment is named `filename`; the file is deleted once it is open for sending, and when the
  /// workflow fails.
  static func download<W: Workflow>(
    filename: String, audited: Bool = true, state: ServerState, caller: Caller, request: Request,
    _ make: (String) -> W
  ) async throws -> Response {
    let folder = state.uploads.folder
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw SegmentaError(.fileAccess, "cannot write to the uploads folder", file: folder)
    }
    let path = folder + "/export-" + SecretID.make() + ".csv"
    defer { try? FileManager.default.removeItem(atPath: path) }
    if audited {
      _ = try await state.write(make(path), caller: caller, command: request.auditCommand, refresh: false)
    } else {
      _ = try await state.read(make(path), caller: caller, command: request.auditCommand)
    }
    return try stream(path: path, filename: filename)
  }

  /// The CSV file at `path` as an attachment, read in chunks; the file itself may be removed as soon as
  /// this returns (the open handle keeps its content).
  static func stream(path: String, filename: String) throws -> Response {
    let handle: FileHandle
    let size: Int
    do {
      handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
      size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    } catch {
      throw SegmentaError(.fileAccess, "cannot read the file written")
    }
    let box = HandleBox(handle: handle)
    let body = ResponseBody(contentLength: size) { writer in
      defer { box.close() }
      while true {
        let chunk = try await NIOThreadPool.singleton.runIfActive { box.read() }
        guard !chunk.isEmpty else { break }
        try await writer.write(ByteBuffer(bytes: chunk))
      }
      try await writer.finish(nil)
    }
    return Response(
      status: .ok,
      headers: [
        .contentType: "text/csv; charset=utf-8",
        .contentDisposition: "attachment; filename=\"\(UploadStore.label(filename))\"",
      ], body: body)
  }

  /// Keeps the request's raw body as a temporary upload of at most the configured size, runs `body` with
  /// its path, and removes it afterwards.
  static func withBody<T>(
    _ request: Request, name: String, state: ServerState, caller: Caller, _ body: (String) async throws -> T
  ) async throws -> T {
    let limit = state.configuration.maxUploadBytes
    if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
      throw SegmentaError(.tooLarge, "the file is larger than the server accepts (\(limit) bytes)")
    }
    let upload = try await state.uploads.save(request.body, name: name, user: caller.user.name, limit: limit)
    let path = try state.uploads.path(of: upload.id)
    defer { state.uploads.remove(upload.id) }
    return try await body(path)
  }
}

/// A file handle read from the thread pool and closed once.
private final class HandleBox: @unchecked Sendable {
  private let lock = NSLock()
  private var handle: FileHandle?

  init(handle: FileHandle) {
    self.handle = handle
  }

  /// The next chunk (empty at the end).
  func read() -> [UInt8] {
    lock.withLock {
      guard let handle, let data = try? handle.read(upToCount: 1 << 16) else { return [] }
      return [UInt8](data)
    }
  }

  func close() {
    lock.withLock {
      try? handle?.close()
      handle = nil
    }
  }
}

extension UploadStore {
  /// Removes the upload `id` (its file and its record); nothing happens when there is none.
  func remove(_ id: String) {
    guard id.count == 16, id.allSatisfy(\.isHexDigit) else { return }
    try? FileManager.default.removeItem(atPath: folder + "/" + id + ".data")
    try? FileManager.default.removeItem(atPath: folder + "/" + id + ".json")
  }
}
