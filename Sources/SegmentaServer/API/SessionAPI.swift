import Foundation
import Hummingbird
import Logging
import SegmentaCore
import SegmentaWorkflows

/// Health, signing in and out, and who the caller is.
enum SessionAPI {
  struct Health: Encodable, Sendable {
    var status = "ok"
    var version: String
  }

  struct SignInRequest: Decodable {
    var name: String
    var password: String
  }

  /// The signed-in user, their permissions and their session's CSRF token.
  struct Me: Encodable, Sendable {
    var name: String
    var role: Role
    var permissions: [Permission]
    /// Send as `X-CSRF-Token` with unsafe requests of the session (empty with an API token).
    var csrf: String

    init(_ caller: Caller) {
      name = caller.user.name
      role = caller.role
      permissions = Permission.allCases.filter(caller.role.allows)
      csrf = caller.csrf
    }
  }

  static func register(_ routes: Routes, state: ServerState) {
    let health = JSONBody.response(Health(version: SegmentaVersion.current))
    routes.open(.get, "/api/v1/health", "Whether the server is up (no sign-in needed).") { _, _ in health }
    routes.open(.post, "/api/v1/session", "Sign in with a name and password; sets the session cookie.") {
      request, context in
      var request = request
      let body = try await request.decodeJSON(SignInRequest.self, limit: 16_384)
      let (caller, cookie) = try await signIn(name: body.name, password: body.password, context: context, state: state)
      var response = JSONBody.response(Me(caller), status: .created)
      response.setCookie(cookie)
      return response
    }
    routes.add(.delete, "/api/v1/session", nil, "Sign out: ends the session.") { _, context, caller in
      if case .session(let id, _) = caller.credential { await state.sessions.end(id) }
      var response = Response(status: .noContent)
      response.setCookie(SessionCookie.clear(secure: context.secure))
      return response
    }
    routes.add(.get, "/api/v1/me", nil, "The signed-in user, their role and permissions.") { _, _, caller in
      JSONBody.response(Me(caller))
    }
  }

  /// Checks a password (after the sign-in limiter) and starts a session.
  static func signIn(name: String, password: String, context: AppContext, state: ServerState) async throws -> (
    Caller, Cookie
  ) {
    if let wait = await state.limiter.wait(name: name, address: context.clientAddress) {
      throw SegmentaError(.rateLimited, "too many failed sign-ins; try again in \(wait) seconds")
    }
    let base = state.base
    let user: TeamUser
    do {
      user = try await Blocking.run { () throws(SegmentaError) in
        try SignIn.password(name: name, password: password, context: base)
      }
    } catch {
      if error.code == .unauthenticated { await state.limiter.fail(name: name, address: context.clientAddress) }
      throw error
    }
    await state.limiter.succeed(name: name)
    let session = await state.sessions.start(user: user.name)
    let caller = Caller(user: user, credential: .session(id: session.id, csrf: session.csrf))
    state.logger.info("signed in", metadata: ["role": .string(user.role.rawValue)])
    return (
      caller,
      SessionCookie.make(session.id, secure: context.secure, maxAge: Int(state.configuration.sessionLifetimeSeconds))
    )
  }
}
