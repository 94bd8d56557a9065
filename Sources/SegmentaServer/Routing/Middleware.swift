import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SegmentaCore
import SegmentaIO

/// Turns every error into one response, with the status the error's code maps to.
///
/// JSON `{"error": {...}}` under `/api/`, an HTML page elsewhere. Faults are logged without the
/// request's values.
struct ErrorMiddleware: RouterMiddleware {
  typealias Context = AppContext
  let pages: PageRenderer

  func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
    async throws -> Response
  {
    do {
      return try await next(request, context)
    } catch {
      let failure = Self.segmentaError(error)
      if failure.code == .internal || failure.code == .database {
        context.logger.error(
          "request failed",
          metadata: ["route": .string(context.endpointPath ?? "unmatched"), "code": "\(failure.code)"])
      }
      if request.uri.path.hasPrefix("/api/") || !(request.headers[.accept] ?? "").contains("text/html") {
        return Self.json(failure)
      }
      return pages.error(failure, request: request, context: context)
    }
  }

  /// Any error as a Segmenta error: Hummingbird's own (no route, method not allowed, body too large)
  /// keep their status through the code closest to it.
  static func segmentaError(_ error: any Error) -> SegmentaError {
    if let error = error as? SegmentaError { return error }
    if let error = error as? HTTPError {
      switch error.status {
      case .notFound: return SegmentaError(.notFound, "no such page or route")
      case .methodNotAllowed: return SegmentaError(.invalidRequest, "this route does not take that method")
      case .contentTooLarge: return SegmentaError(.tooLarge, "the request body is too large")
      case .unauthorized: return SegmentaError(.unauthenticated, "sign in first")
      default:
        return SegmentaError(
          error.status.code < 500 ? .invalidRequest : .internal, error.body ?? error.status.reasonPhrase)
      }
    }
    if error is DecodingError { return SegmentaError(.invalidRequest, "the request body is not valid: \(error)") }
    return SegmentaError(error)
  }

  /// The HTTP status of an error code.
  static func status(_ code: SegmentaError.Code) -> HTTPResponse.Status {
    switch code {
    case .invalidRequest: .badRequest
    case .notFound: .notFound
    case .conflict, .missingPrerequisite, .cancelled: .conflict
    case .invalidData, .invalidSpec, .invalidRule, .insufficientData: .unprocessableContent
    case .unauthenticated: .unauthorized
    case .forbidden: .forbidden
    case .rateLimited: .tooManyRequests
    case .tooLarge: .contentTooLarge
    case .notAWorkspace, .newerWorkspace, .database, .fileAccess, .internal: .internalServerError
    }
  }

  /// The error as the API's JSON response.
  static func json(_ failure: SegmentaError) -> Response {
    struct Document: Encodable { var error: SegmentaError }
    var response = JSONBody.response(Document(error: failure), status: status(failure.code))
    if failure.code == .unauthenticated { response.headers[.wwwAuthenticate] = "Bearer realm=\"segmenta\"" }
    return response
  }
}

/// Headers every response carries: a content security policy without inline scripts or styles, no
/// framing, no sniffing, no referrer, no caching of personal pages.
struct SecurityHeadersMiddleware: RouterMiddleware {
  typealias Context = AppContext

  static let contentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

  func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
    async throws -> Response
  {
    var response = try await next(request, context)
    response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
    response.headers[.xContentTypeOptions] = "nosniff"
    response.headers[.xFrameOptions] = "DENY"
    response.headers[.referrerPolicy] = "no-referrer"
    if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
    return response
  }
}

/// Recognises the caller from the session cookie or the bearer token; routes decide what they require.
struct AuthenticationMiddleware: RouterMiddleware {
  typealias Context = AppContext
  let state: ServerState

  func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
    async throws -> Response
  {
    var context = context
    context.secure = state.configuration.secureCookies || request.headers[.xForwardedProto] == "https"
    if let authorization = request.headers[.authorization] {
      guard authorization.hasPrefix("Bearer "),
        let user = try await state.users.user(token: String(authorization.dropFirst(7)))
      else {
        throw SegmentaError(.unauthenticated, "the API token is not valid; issue one with `segmenta users token`")
      }
      context.caller = Caller(user: user, credential: .token)
    } else if let id = request.cookies[SessionCookie.name]?.value, let session = await state.sessions.session(id) {
      if let user = try await state.users.user(session.user) {
        context.caller = Caller(user: user, credential: .session(id: session.id, csrf: session.csrf))
      } else {
        await state.sessions.end(id)
      }
    }
    return try await next(request, context)
  }
}

/// Logs one line per request: method, route pattern, status and duration.
///
/// The route pattern, never the path, which may hold a customer id. Query strings, bodies and user names are never logged. Requests that failed
/// (status 400 and above) or took longer than half a second are logged at `info`; the others at
/// `debug` (`segmenta serve --log-level debug`), so that the front line's lookups cost no log line.
struct RequestLogMiddleware: RouterMiddleware {
  typealias Context = AppContext

  func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
    async throws -> Response
  {
    let started = ContinuousClock.now
    let response = try await next(request, context)
    let elapsed = ContinuousClock.now - started
    let slow = elapsed > .milliseconds(500)
    let level: Logger.Level = response.status.code >= 400 || slow ? .info : .debug
    guard context.logger.logLevel <= level else { return response }
    let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
    context.logger.log(
      level: level, "request",
      metadata: [
        "method": .string(request.method.rawValue), "route": .string(context.endpointPath ?? "unmatched"),
        "status": .stringConvertible(response.status.code), "ms": .string(String(format: "%.1f", milliseconds)),
      ])
    return response
  }
}

extension HTTPField.Name {
  static let xForwardedProto = literal("X-Forwarded-Proto")
  static let xFrameOptions = literal("X-Frame-Options")
  static let referrerPolicy = literal("Referrer-Policy")
}

/// The session cookie.
enum SessionCookie {
  static let name = "segmenta_session"

  /// The cookie carrying `id`: HttpOnly, SameSite=Strict, Secure behind TLS.
  static func make(_ id: String, secure: Bool, maxAge: Int) -> Cookie {
    Cookie(name: name, value: id, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
  }

  /// A cookie that removes the session cookie.
  static func clear(secure: Bool) -> Cookie {
    Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
  }
}

/// JSON responses, encoded as the command line's `--json` is.
enum JSONBody {
  /// `value` as JSON text on one line.
  static func text<T: Encodable>(_ value: T) throws -> String {
    try ReportJSON.encode(value, compact: true)
  }

  static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
    let text = (try? ReportJSON.encode(value)) ?? #"{"error":{"code":"internal","message":"encoding failed"}}"#
    return Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
  }
}
