import Hummingbird
import SegmentaCore

/// Who makes a request, once the authentication middleware has recognised them.
struct Caller: Sendable {
  /// How the caller proved who they are.
  enum Credential: Sendable {
    /// A session cookie, with the session's CSRF token.
    case session(id: String, csrf: String)
    /// An API token (`Authorization: Bearer`), which needs no CSRF token.
    case token
  }

  var user: TeamUser
  var credential: Credential

  var role: Role { user.role }
  /// The session's CSRF token, for forms.
  var csrf: String {
    if case .session(_, let csrf) = credential { return csrf }
    return ""
  }
}

/// The request context of the server: Hummingbird's core storage and the caller.
struct AppContext: RequestContext {
  var coreContext: CoreRequestContextStorage
  /// Set by ``AuthenticationMiddleware`` when the request carries a valid session or token.
  var caller: Caller?
  /// Whether the request came over TLS (directly or through a proxy saying so).
  var secure = false
  /// The fields of a form body, read and checked for its CSRF token by the route registrar.
  var form: [String: String] = [:]
  /// The client's address (for sign-in limits; never logged).
  let clientAddress: String

  init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    clientAddress = source.channel.remoteAddress?.ipAddress ?? "local"
  }

  /// Bodies are collected explicitly with the configured limits (uploads stream to files).
  var maxUploadSize: Int { 1 << 20 }
}
