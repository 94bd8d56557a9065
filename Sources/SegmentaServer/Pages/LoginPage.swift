import Foundation
import HTTPTypes
import Hummingbird
import SegmentaCore

/// `/login` and `/logout`: signing in with a form (the same check and limits as `POST /api/v1/session`)
/// and out.
///
/// Before there is a session the form's CSRF token is a random value kept in a short-lived cookie of
/// its own and repeated in the form (a page of another site can set neither), so no other site can
/// sign a browser in under an account of its choosing.
enum LoginPage {
  static let cookieName = "segmenta_login"

  static func register(_ routes: Routes, state: ServerState) {
    routes.open(.get, "/login", kind: .page, "The sign-in form.") { request, context in
      let next = request.query("next").flatMap { PageResponse.isLocal($0) ? $0 : nil } ?? "/"
      if context.caller != nil { return PageResponse.redirect(next) }
      return form(next: next, error: nil, status: .ok)
    }
    routes.open(.post, "/login", kind: .page, "Sign in with the form; redirects to the page asked for.") {
      request, context in
      var request = request
      guard (request.headers[.contentType] ?? "").hasPrefix("application/x-www-form-urlencoded") else {
        throw SegmentaError(.invalidRequest, "send the sign-in form")
      }
      let fields = try await FormBody.read(&request, limit: 16_384)
      let next = fields["next"].flatMap { PageResponse.isLocal($0) ? $0 : nil } ?? "/"
      guard let expected = request.cookies[cookieName]?.value, let given = fields["_csrf"], !expected.isEmpty,
        Routes.constantTimeEqual(expected, given)
      else {
        return form(next: next, error: "The form had expired; sign in again.", status: .forbidden)
      }
      do {
        let (_, cookie) = try await SessionAPI.signIn(
          name: fields["name"] ?? "", password: fields["password"] ?? "", context: context, state: state)
        var response = PageResponse.redirect(next)
        response.setCookie(cookie)
        response.setCookie(
          Cookie(name: cookieName, value: "", maxAge: 0, path: "/login", httpOnly: true, sameSite: .strict))
        return response
      } catch let failure as SegmentaError where failure.code == .unauthenticated {
        return form(
          next: next, error: "The name or the password is wrong, or the user is disabled.", status: .unauthorized)
      } catch let failure as SegmentaError where failure.code == .rateLimited {
        return form(next: next, error: "Too many failed sign-ins: \(failure.message).", status: .tooManyRequests)
      }
    }
    routes.add(.post, "/logout", nil, kind: .page, "Sign out; back to the sign-in form.") { _, context, caller in
      if case .session(let id, _) = caller.credential { await state.sessions.end(id) }
      var response = PageResponse.redirect("/login")
      response.setCookie(SessionCookie.clear(secure: context.secure))
      return response
    }
  }

  /// The sign-in form with a fresh form token (set as its cookie), returning to `next`.
  static func form(next: String, error: String?, status: HTTPResponse.Status) -> Response {
    let token = SecretID.make() + SecretID.make()
    let body: HTML = """
      <section class="login">
      <h1>登录 Sign in</h1>
      \(error.map { Layout.notice($0, kind: "error") })
      <form method="post" action="/login" class="stack" id="login-form">
      <input type="hidden" name="_csrf" value="\(token)">
      <input type="hidden" name="next" value="\(next)">
      <label>用户名 Name <input name="name" id="login-name" autocomplete="username" required autofocus></label>
      <label>密码 Password <input type="password" name="password" id="login-password" autocomplete="current-password" required></label>
      <button type="submit">登录 Sign in</button>
      </form>
      <p class="hint">An administrator adds users with <code>segmenta users add NAME --role admin</code>.</p>
      </section>
      """
    var response = PageResponse.page("Sign in", area: nil, caller: nil, status: status, body)
    response.setCookie(
      Cookie(name: cookieName, value: token, maxAge: 3600, path: "/login", httpOnly: true, sameSite: .strict))
    return response
  }
}
