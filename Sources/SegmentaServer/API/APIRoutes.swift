import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// The JSON API under `/api/v1`: one registration per area.
enum APIRoutes {
  static func register(_ routes: Routes, state: ServerState) {
    SessionAPI.register(routes, state: state)
    JobsAPI.register(routes, state: state)
    UploadsAPI.register(routes, state: state)
    CustomersAPI.register(routes, state: state)
    UploadPreviewAPI.register(routes, state: state)
    WorkspaceAPI.register(routes, state: state)
    FeaturesAPI.register(routes, state: state)
    SegmentsAPI.register(routes, state: state)
    SegmentsAPI.registerMigration(routes, state: state)
    RulesAPI.register(routes, state: state)
    TagsAPI.register(routes, state: state)
    MembersAPI.register(routes, state: state)
    ProductsAPI.register(routes, state: state)
    BasketsAPI.register(routes, state: state)
    CampaignsAPI.register(routes, state: state)
    ContactsAPI.register(routes, state: state)
    ValueAPI.register(routes, state: state)
    UsersAPI.register(routes, state: state)
    ChurnAPI.register(routes, state: state)
    CompileAPI.register(routes, state: state)
    OpenAPIDocument.register(routes, state: state)
  }
}

extension Routes {
  /// A GET route answering a page (`offset`, `limit`) of the list a read-only workflow returns; the
  /// workflow is built from the request by `workflow`.
  func list<W: Workflow, Item: Encodable & Sendable>(
    _ path: String, _ permission: Permission, _ summary: String, state: ServerState,
    workflow: @escaping @Sendable (Request) throws -> W
  ) where W.Output == [Item] {
    add(.get, path, permission, summary) { request, _, caller in
      let paging = try Paging(request)
      let items = try await state.read(try workflow(request), caller: caller, command: request.auditCommand)
      return JSONBody.response(PageOf(all: items, paging: paging))
    }
  }
}

/// A page of a list: `offset` and `limit` from the query (`limit` 1…500, 50 by default).
struct Paging: Sendable {
  var offset: Int
  var limit: Int

  init(_ request: Request, defaultLimit: Int = 50) throws(SegmentaError) {
    let query = request.uri.queryParameters
    offset = 0
    limit = defaultLimit
    if let text = query["offset"] {
      guard let value = Int(String(text)), value >= 0, value <= 1_000_000_000 else {
        throw SegmentaError(.invalidRequest, "offset takes a whole number ≥ 0", field: "offset")
      }
      offset = value
    }
    if let text = query["limit"] {
      guard let value = Int(String(text)), (1...500).contains(value) else {
        throw SegmentaError(.invalidRequest, "limit takes a whole number from 1 to 500", field: "limit")
      }
      limit = value
    }
  }

  /// The items of `all` on this page.
  func slice<T>(_ all: [T]) -> [T] {
    guard offset < all.count else { return [] }
    return Array(all[offset..<min(all.count, offset + limit)])
  }
}

/// A page of a list as the API returns it.
struct PageOf<T: Encodable & Sendable>: Encodable, Sendable {
  var items: [T]
  var total: Int
  var offset: Int
  var limit: Int

  init(items: [T], total: Int, paging: Paging) {
    self.items = items
    self.total = total
    offset = paging.offset
    limit = paging.limit
  }

  init(all: [T], paging: Paging) {
    self.init(items: paging.slice(all), total: all.count, paging: paging)
  }
}

extension Request {
  /// The request as the audit records it: method and path (never the query or body).
  var auditCommand: String { "\(method.rawValue) \(uri.path)" }

  /// A query parameter.
  func query(_ name: String) -> String? {
    uri.queryParameters[Substring(name)].map(String.init)
  }

  /// Decodes a JSON body of at most `limit` bytes as `T`; an empty body is refused.
  mutating func decodeJSON<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
    guard let value = try await decodeJSONIfPresent(type, limit: limit) else {
      throw SegmentaError(.invalidRequest, "the request body is empty; send the request as JSON")
    }
    return value
  }
}

extension AppContext {
  /// A path parameter, refused when it holds control characters or is longer than 200 characters.
  func parameter(_ name: String) throws(SegmentaError) -> String {
    guard let value = parameters.get(name) else {
      throw SegmentaError(.invalidRequest, "the path has no \(name)", field: name)
    }
    guard value.count <= 200, !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
      throw SegmentaError(.invalidRequest, "\(name) is not a valid name", field: name)
    }
    return value
  }
}

/// Readable descriptions of JSON decoding errors.
enum DecodingProblem {
  static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
      return keys.isEmpty ? "the body" : "'\(keys.joined(separator: "."))'"
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "\(path(context)) lacks the field '\(key.stringValue)'"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "\(path(context)) has the wrong type"
    case .dataCorrupted(let context):
      return context.codingPath.isEmpty ? "it is not JSON" : "\(path(context)) is not valid"
    @unknown default:
      return "it is not valid"
    }
  }
}
