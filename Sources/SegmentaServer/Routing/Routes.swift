import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import SegmentaCore

/// Who may call a route.
enum RouteAccess: Sendable, Equatable {
  /// Anyone, signed in or not (health, sign-in, static assets, the OpenAPI document).
  case open
  /// Any signed-in user.
  case signedIn
  /// Signed-in users whose role has the permission.
  case permission(Permission)
}

/// One route of the server, as the permission table, the OpenAPI document and the security tests read it.
struct RouteSpec: Sendable, Equatable {
  enum Kind: String, Sendable { case api, page, asset }

  var method: HTTPRequest.Method
  /// Hummingbird's path pattern (`/api/v1/campaigns/:name`).
  var path: String
  var access: RouteAccess
  var kind: Kind
  /// One line for the OpenAPI document and docs/server.md.
  var summary: String
}

/// Every route registered, in order.
final class RouteTable: Sendable {
  private let specs = NIOLockedValueBox<[RouteSpec]>([])

  var all: [RouteSpec] { specs.withLockedValue { $0 } }

  func add(_ spec: RouteSpec) {
    specs.withLockedValue { $0.append(spec) }
  }
}

/// Registers routes, each with its access rule, which it enforces before the handler runs: 401 without a
/// valid session or token, 403 without the permission, 403 for an unsafe request of a session without
/// its CSRF token.
struct Routes {
  typealias Handler = @Sendable (Request, AppContext, Caller) async throws -> Response
  typealias OpenHandler = @Sendable (Request, AppContext) async throws -> Response

  let router: Router<AppContext>
  let table: RouteTable
  let maxBodyBytes: Int

  /// A route anyone may call.
  func open(
    _ method: HTTPRequest.Method, _ path: String, kind: RouteSpec.Kind = .api, _ summary: String,
    handler: @escaping OpenHandler
  ) {
    table.add(RouteSpec(method: method, path: path, access: .open, kind: kind, summary: summary))
    router.on(RouterPath(path), method: method) { request, context in try await handler(request, context) }
  }

  /// A route for signed-in users with `permission` (any signed-in user when nil).
  func add(
    _ method: HTTPRequest.Method, _ path: String, _ permission: Permission?, kind: RouteSpec.Kind = .api,
    _ summary: String, handler: @escaping Handler
  ) {
    let access: RouteAccess = permission.map { .permission($0) } ?? .signedIn
    table.add(RouteSpec(method: method, path: path, access: access, kind: kind, summary: summary))
    let limit = maxBodyBytes
    router.on(RouterPath(path), method: method) { request, context in
      var context = context
      guard let caller = context.caller else {
        throw SegmentaError(.unauthenticated, "sign in first, or send an API token as `Authorization: Bearer`")
      }
      if let permission, !caller.role.allows(permission) {
        throw SegmentaError(
          .forbidden, "the role '\(caller.role.rawValue)' may not do this (it needs \(permission.rawValue))")
      }
      var request = request
      if method != .get && method != .head, case .session(_, let csrf) = caller.credential {
        try await Self.checkCSRF(&request, &context, expected: csrf, limit: limit)
      }
      return try await handler(request, context, caller)
    }
  }

  /// Unsafe requests of a browser session must prove they come from our pages: the `X-CSRF-Token`
  /// header (scripts) or the `_csrf` field (forms) must be the session's token.
  static func checkCSRF(_ request: inout Request, _ context: inout AppContext, expected: String, limit: Int)
    async throws
  {
    if let header = request.headers[.csrfToken] {
      guard constantTimeEqual(header, expected) else { throw csrfRefused }
      return
    }
    let type = request.headers[.contentType] ?? ""
    guard type.hasPrefix("application/x-www-form-urlencoded") else { throw csrfRefused }
    let body = try await FormBody.read(&request, limit: limit)
    guard let token = body["_csrf"], constantTimeEqual(token, expected) else { throw csrfRefused }
    context.form = body
  }

  static let csrfRefused = SegmentaError(
    .forbidden, "the request has no valid CSRF token; reload the page and try again", field: "_csrf")

  /// Compares two secrets in time that does not depend on where they differ.
  static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for index in x.indices { difference |= x[index] ^ y[index] }
    return difference == 0
  }
}

extension HTTPField.Name {
  static let csrfToken = literal("X-CSRF-Token")

  /// The field name `name`, a literal of this source that is a valid token.
  static func literal(_ name: StaticString) -> HTTPField.Name {
    guard let field = HTTPField.Name("\(name)") else { preconditionFailure("'\(name)' is not an HTTP field name") }
    return field
  }
}

/// URL-encoded form bodies.
enum FormBody {
  /// Reads and decodes a form body of at most `limit` bytes.
  static func read(_ request: inout Request, limit: Int) async throws -> [String: String] {
    let buffer: ByteBuffer
    do {
      buffer = try await request.collectBody(upTo: limit)
    } catch {
      throw SegmentaError(.tooLarge, "the form is larger than \(limit) bytes")
    }
    return decode(String(buffer: buffer))
  }

  /// `a=1&b=x+y` as fields (a field given twice keeps its last value).
  static func decode(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func unescape(_ part: Substring) -> String {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
      }
      fields[unescape(parts[0])] = parts.count > 1 ? unescape(parts[1]) : ""
    }
    return fields
  }
}
