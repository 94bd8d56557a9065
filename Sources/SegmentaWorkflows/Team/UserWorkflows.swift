import Foundation
import HummingbirdBcrypt
import SegmentaCore
import SegmentaStore

/// `segmenta users add`: a member of the team who signs in to the server, with a role and a password
/// (stored as a bcrypt hash).
package struct AddUserWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    package var user: TeamUser
  }

  package var name: String
  package var role: Role
  /// The password, at least ``minimumPasswordLength`` characters.
  package var password: String

  /// The shortest password accepted.
  package static let minimumPasswordLength = 10
  /// bcrypt's cost factor for passwords (2^cost rounds).
  static let cost: UInt8 = 12

  package init(name: String, role: Role, password: String) {
    self.name = name
    self.role = role
    self.password = password
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try context.require(.manageUsers, to: "add users")
    if let problem = TeamUser.problem(withName: name) { throw SegmentaError(.invalidRequest, problem, field: "name") }
    guard password.count >= Self.minimumPasswordLength else {
      throw SegmentaError(
        .invalidRequest, "a password has at least \(Self.minimumPasswordLength) characters", field: "password")
    }
    guard password.utf8.count <= 72 else {
      // bcrypt reads 72 bytes; a longer password would be silently cut.
      throw SegmentaError(.invalidRequest, "a password has at most 72 bytes", field: "password")
    }
    let user = TeamUser(name: name, role: role, createdAt: WorkflowContext.timestamp())
    try context.workspace().addUser(user, passwordHash: Bcrypt.hash(password, cost: Self.cost))
    return Output(user: user)
  }
}

/// `segmenta users list`: every user, with their role, whether they are disabled and how many API tokens
/// they hold.
package struct ListUsersWorkflow: Workflow {
  package struct Entry: Sendable, Codable, Equatable {
    package var name: String
    package var role: Role
    package var disabled: Bool
    package var createdAt: String
    package var tokens: Int
  }

  package init() {}

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> [Entry] {
    try context.require(.manageUsers, to: "list users")
    let workspace = try context.workspace(for: .read)
    let tokens = try workspace.tokenCounts()
    return try workspace.users().map { user in
      Entry(
        name: user.name, role: user.role, disabled: user.disabled, createdAt: user.createdAt,
        tokens: tokens[user.name] ?? 0)
    }
  }
}

/// `segmenta users disable` (and `enable`): a disabled user cannot sign in and their sessions and tokens
/// stop working.
package struct SetUserDisabledWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    package var name: String
    package var disabled: Bool
  }

  package var name: String
  package var disabled: Bool

  package init(name: String, disabled: Bool = true) {
    self.name = name
    self.disabled = disabled
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try context.require(.manageUsers, to: "disable users")
    try context.workspace().setUserDisabled(name, disabled)
    return Output(name: name, disabled: disabled)
  }
}

/// `segmenta users token`: a new API token for `Authorization: Bearer`, shown once; the workspace keeps
/// only a bcrypt hash of its secret.
package struct IssueTokenWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    package var user: String
    /// `sgt_<id>_<secret>`.
    package var token: String
  }

  package var name: String

  package init(name: String) {
    self.name = name
  }

  /// bcrypt's cost factor for token secrets: the secrets are random, so a lower cost loses nothing.
  static let cost: UInt8 = 8

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try context.require(.manageUsers, to: "issue tokens")
    let workspace = try context.workspace()
    guard let found = try workspace.user(named: name) else {
      throw SegmentaError(.notFound, "no user '\(name)'; add one with `segmenta users add`", field: "name")
    }
    guard !found.user.disabled else {
      throw SegmentaError(.conflict, "user '\(name)' is disabled; enable them first", field: "name")
    }
    let id = Secret.hex(bytes: 6)
    let secret = Secret.hex(bytes: 20)
    try workspace.addToken(id: id, user: name, secretHash: Bcrypt.hash(secret, cost: Self.cost))
    return Output(user: name, token: "sgt_\(id)_\(secret)")
  }
}

/// Checks a user's password or API token; what the server calls to sign someone in.
package enum SignIn {
  /// The enabled user `name` whose password is `password`; `unauthenticated` otherwise (without saying
  /// which part was wrong).
  package static func password(name: String, password: String, context: WorkflowContext) throws(SegmentaError)
    -> TeamUser
  {
    let found = try context.workspace(for: .read).user(named: name)
    // An unknown name costs a hash too, so that timing does not tell which names exist.
    let hash = found?.passwordHash ?? dummyHash
    let matches = password.utf8.count <= 72 && Bcrypt.verify(password, hash: hash)
    guard let found, matches, !found.user.disabled else {
      throw SegmentaError(.unauthenticated, "the user name or password is wrong, or the user is disabled")
    }
    return found.user
  }

  /// The enabled user holding `token` (`sgt_<id>_<secret>`); `unauthenticated` otherwise.
  package static func token(_ token: String, context: WorkflowContext) throws(SegmentaError) -> TeamUser {
    let workspace = try context.workspace(for: .read)
    let invalid = SegmentaError(.unauthenticated, "the API token is not valid; issue one with `segmenta users token`")
    let parts = token.split(separator: "_", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0] == "sgt", parts[1].count == 12, parts[2].count == 40,
      parts[1].allSatisfy(\.isHexDigit), parts[2].allSatisfy(\.isHexDigit),
      let stored = try workspace.token(id: String(parts[1])), Bcrypt.verify(String(parts[2]), hash: stored.secretHash),
      let user = try workspace.user(named: stored.user)?.user, !user.disabled
    else { throw invalid }
    return user
  }

  /// Every user (the server keeps them to check each request's user is still enabled).
  package static func users(_ context: WorkflowContext) throws(SegmentaError) -> [TeamUser] {
    try context.workspace(for: .read).users()
  }

  /// A number that changes whenever another process commits to the workspace.
  package static func dataVersion(_ context: WorkflowContext) throws(SegmentaError) -> Int {
    try context.workspace(for: .read).dataVersion()
  }

  private static let dummyHash = Bcrypt.hash("not a password of anyone", cost: AddUserWorkflow.cost)
}

/// Random secrets from the operating system's generator.
package enum Secret {
  /// `bytes` random bytes as lower-case hexadecimal.
  package static func hex(bytes: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    var text = ""
    for _ in 0..<bytes {
      let byte = UInt8.random(in: 0...255, using: &generator)
      text += String(byte >> 4, radix: 16) + String(byte & 15, radix: 16)
    }
    return text
  }
}
