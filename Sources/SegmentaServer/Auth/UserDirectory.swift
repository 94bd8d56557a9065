import Foundation
import NIOConcurrencyHelpers
import SegmentaCore
import SegmentaWorkflows

/// The team's users as the server checks them on every request: kept in memory and reloaded when the
/// workspace changed (a user disabled on the command line stops working within a second), with API
/// tokens remembered once verified (bcrypt is too slow to run per request).
final class UserDirectory: Sendable {
  private struct State {
    var users: [String: TeamUser] = [:]
    var tokens: [String: String] = [:]
    var version = -1
    var checked = Date.distantPast
    var stale = true
    /// Token checks under way, shared by requests that carry the same token meanwhile.
    var checking: [String: Task<TeamUser?, any Error>] = [:]
  }

  private let state = NIOLockedValueBox(State())
  private let context: WorkflowContext

  init(context: WorkflowContext) {
    self.context = context
  }

  /// The enabled user `name`, or nil.
  func user(_ name: String) async throws(SegmentaError) -> TeamUser? {
    try await refreshIfDue()
    return state.withLockedValue { state in
      guard let user = state.users[name], !user.disabled else { return nil }
      return user
    }
  }

  /// The enabled user holding `token`, or nil.
  func user(token: String) async throws(SegmentaError) -> TeamUser? {
    try await refreshIfDue()
    if let name = state.withLockedValue({ $0.tokens[token] }) { return try await user(name) }
    let context = context
    let task = state.withLockedValue { state in
      if let running = state.checking[token] { return running }
      let task = Task<TeamUser?, any Error> {
        do {
          return try await Blocking.run { () throws(SegmentaError) in try SignIn.token(token, context: context) }
        } catch let error as SegmentaError where error.code == .unauthenticated {
          return nil
        }
      }
      state.checking[token] = task
      return task
    }
    let found: TeamUser?
    do {
      found = try await task.value
    } catch {
      state.withLockedValue { $0.checking[token] = nil }
      throw SegmentaError(error)
    }
    state.withLockedValue { state in
      state.checking[token] = nil
      if let found {
        if state.tokens.count > 10_000 { state.tokens = [:] }
        state.tokens[token] = found.name
      }
    }
    return found
  }

  /// Marks the users as changed (after the server itself changed them).
  func invalidate() {
    state.withLockedValue { $0.stale = true }
  }

  private func refreshIfDue() async throws(SegmentaError) {
    let due = state.withLockedValue { state in state.stale || Date().timeIntervalSince(state.checked) >= 1 }
    guard due else { return }
    let context = context
    let version = try await Blocking.run { () throws(SegmentaError) in try SignIn.dataVersion(context) }
    let reload = state.withLockedValue { state in
      state.checked = Date()
      return state.stale || state.version != version
    }
    guard reload else { return }
    let users = try await Blocking.run { () throws(SegmentaError) in try SignIn.users(context) }
    state.withLockedValue { state in
      state.users = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
      state.version = version
      state.stale = false
    }
  }
}
