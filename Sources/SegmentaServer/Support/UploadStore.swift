import Foundation
import Hummingbird
import SegmentaCore

/// Files uploaded to the server, kept in a folder of their own beside the workspace.
///
/// The folder is `<workspace>.uploads`: customer and event files for imports and builds, spec files, response
/// files. Each is named by a random id; the user's file name is kept only as a label.
struct UploadStore: Sendable {
  /// An uploaded file.
  struct Upload: Sendable, Codable, Equatable {
    /// 16 hexadecimal digits.
    var id: String
    /// The name the user's file had (letters, digits, `.`, `-`, `_` kept; others replaced).
    var name: String
    var bytes: Int
    var uploadedAt: String
    var uploadedBy: String
  }

  let folder: String

  /// The stored file of `id` (the id is checked: 16 hexadecimal digits).
  func path(of id: String) throws(SegmentaError) -> String {
    guard id.count == 16, id.allSatisfy(\.isHexDigit), id == id.lowercased() else {
      throw SegmentaError(.invalidRequest, "an upload id is 16 hexadecimal digits", field: "upload")
    }
    let path = folder + "/" + id + ".data"
    guard FileManager.default.fileExists(atPath: path) else {
      throw SegmentaError(.notFound, "no upload '\(id)'; upload the file first", field: "upload")
    }
    return path
  }

  /// The record of `id`.
  func upload(_ id: String) throws(SegmentaError) -> Upload {
    let data = try SegmentaError.catching {
      try Data(contentsOf: URL(fileURLWithPath: try path(of: id).replacingOccurrences(of: ".data", with: ".json")))
    }
    return try SegmentaError.catching { try JSONDecoder().decode(Upload.self, from: data) }
  }

  /// Every upload, newest first.
  func all() -> [Upload] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".json") }.compactMap { name in
      (try? Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))).flatMap {
        try? JSONDecoder().decode(Upload.self, from: $0)
      }
    }.sorted { ($0.uploadedAt, $0.id) > ($1.uploadedAt, $1.id) }
  }

  /// Streams `body` into a new file of at most `limit` bytes; a larger body is refused and nothing kept.
  func save(_ body: RequestBody, name: String, user: String, limit: Int) async throws -> Upload {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let id = SecretID.make()
    let path = folder + "/" + id + ".data"
    guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
      let handle = FileHandle(forWritingAtPath: path)
    else {
      throw SegmentaError(.fileAccess, "cannot write uploads to \(folder)", file: folder)
    }
    var bytes = 0
    do {
      for try await buffer in body {
        bytes += buffer.readableBytes
        guard bytes <= limit else {
          throw SegmentaError(.tooLarge, "the upload is larger than the server accepts (\(limit) bytes)")
        }
        try handle.write(contentsOf: Data(buffer.readableBytesView))
      }
      try handle.close()
    } catch {
      try? handle.close()
      try? FileManager.default.removeItem(atPath: path)
      throw error
    }
    let upload = Upload(
      id: id, name: Self.label(name), bytes: bytes, uploadedAt: JobStore.timestamp(), uploadedBy: user)
    let record = try JSONEncoder().encode(upload)
    try record.write(to: URL(fileURLWithPath: folder + "/" + id + ".json"))
    return upload
  }

  /// A file name reduced to safe characters, at most 100 of them.
  static func label(_ name: String) -> String {
    let base = name.split(separator: "/").last.map(String.init) ?? name
    let kept = String(
      base.unicodeScalars.map { scalar in
        CharacterSet.alphanumerics.contains(scalar) || scalar == "." || scalar == "-" || scalar == "_"
          ? Character(scalar) : "_"
      }.prefix(100))
    return kept.isEmpty || kept.allSatisfy({ $0 == "." }) ? "upload" : kept
  }
}

/// Random ids of uploads.
enum SecretID {
  static func make() -> String {
    var generator = SystemRandomNumberGenerator()
    return String(format: "%016llx", UInt64.random(in: 0...UInt64.max, using: &generator))
  }
}
