import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// The team: listing and adding users, disabling and enabling them, issuing API tokens.
///
/// Passwords and tokens travel only in bodies and are never logged.
enum UsersAPI {
  /// A new user.
  struct AddForm: Decodable {
    var name: String
    var role: Role
    var password: String
  }

  static func register(_ routes: Routes, state: ServerState) {
    routes.list("/api/v1/users", .manageUsers, "Every user: role, whether disabled, API tokens held.", state: state) {
      _ in ListUsersWorkflow()
    }
    routes.add(
      .post, "/api/v1/users", .manageUsers, "Add a user with a role and a password (at least 10 characters)."
    ) { request, _, caller in
      var request = request
      let form = try await request.decodeJSON(AddForm.self, limit: 16_384)
      let output = try await state.write(
        AddUserWorkflow(name: form.name, role: form.role, password: form.password), caller: caller,
        command: request.auditCommand, refresh: false)
      state.users.invalidate()
      var response = JSONBody.response(output, status: .created)
      response.headers[.location] = "/api/v1/users/\(output.user.name)"
      return response
    }
    routes.add(
      .post, "/api/v1/users/:name/disable", .manageUsers,
      "Disable a user: they cannot sign in, their sessions end and their tokens stop working."
    ) { request, context, caller in
      let name = try context.parameter("name")
      guard name != caller.user.name else {
        throw SegmentaError(.conflict, "you cannot disable yourself; ask another administrator", field: "name")
      }
      let output = try await setDisabled(name, true, request: request, caller: caller, state: state)
      await state.sessions.endAll(user: name)
      return JSONBody.response(output)
    }
    routes.add(.post, "/api/v1/users/:name/enable", .manageUsers, "Enable a disabled user again.") {
      request, context, caller in
      JSONBody.response(
        try await setDisabled(try context.parameter("name"), false, request: request, caller: caller, state: state))
    }
    routes.add(
      .post, "/api/v1/users/:name/token", .manageUsers,
      "Issue a new API token for the user (shown once; the workspace keeps only its hash)."
    ) { request, context, caller in
      let output = try await state.write(
        IssueTokenWorkflow(name: try context.parameter("name")), caller: caller, command: request.auditCommand,
        refresh: false)
      state.users.invalidate()
      return JSONBody.response(output, status: .created)
    }
  }

  /// Disables or enables `name` (who must exist).
  static func setDisabled(_ name: String, _ disabled: Bool, request: Request, caller: Caller, state: ServerState)
    async throws -> SetUserDisabledWorkflow.Output
  {
    let output = try await state.write(
      SetUserDisabledWorkflow(name: name, disabled: disabled), caller: caller, command: request.auditCommand,
      refresh: false)
    state.users.invalidate()
    return output
  }
}
