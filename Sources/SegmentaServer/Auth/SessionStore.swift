import Foundation
import SegmentaCore
import SegmentaWorkflows

/// Signed-in browser sessions, kept in memory: a restart signs everyone out.
///
/// A session id is 256 random bits sent only in an `HttpOnly`, `SameSite=Strict` cookie; each session
/// has its own CSRF token, which every form and unsafe request must carry.
actor SessionStore {
  struct Session: Sendable {
    var id: String
    var user: String
    var csrf: String
    var created: Date
    var lastSeen: Date
  }

  private var sessions: [String: Session] = [:]
  private let idle: TimeInterval
  private let lifetime: TimeInterval

  init(idleSeconds: TimeInterval, lifetimeSeconds: TimeInterval) {
    idle = idleSeconds
    lifetime = lifetimeSeconds
  }

  /// Starts a session for `user`.
  func start(user: String) -> Session {
    purge()
    let now = Date()
    let session = Session(
      id: Secret.hex(bytes: 32), user: user, csrf: Secret.hex(bytes: 32), created: now, lastSeen: now)
    sessions[session.id] = session
    return session
  }

  /// The live session `id`, touched; nil when unknown or expired.
  func session(_ id: String) -> Session? {
    guard var session = sessions[id] else { return nil }
    let now = Date()
    guard now.timeIntervalSince(session.lastSeen) < idle, now.timeIntervalSince(session.created) < lifetime else {
      sessions[id] = nil
      return nil
    }
    session.lastSeen = now
    sessions[id] = session
    return session
  }

  /// Ends the session `id`.
  func end(_ id: String) {
    sessions[id] = nil
  }

  /// Ends every session of `user` (when they are disabled).
  func endAll(user: String) {
    sessions = sessions.filter { $0.value.user != user }
  }

  private func purge() {
    let now = Date()
    sessions = sessions.filter {
      now.timeIntervalSince($0.value.lastSeen) < idle && now.timeIntervalSince($0.value.created) < lifetime
    }
  }
}

/// Counts failed sign-ins per user name and per client address; too many in the window are refused
/// with `rate_limited` before the password is even checked.
actor SignInLimiter {
  private var failures: [String: [Date]] = [:]
  private let attempts: Int
  private let window: TimeInterval

  init(attempts: Int, windowSeconds: TimeInterval) {
    self.attempts = attempts
    window = windowSeconds
  }

  /// Seconds to wait before `name` may try again from `address`, or nil when they may try now.
  func wait(name: String, address: String) -> Int? {
    let now = Date()
    var longest: TimeInterval?
    for (key, limit) in [("user:" + name, attempts), ("addr:" + address, attempts * 4)] {
      let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
      failures[key] = recent
      if recent.count >= limit, let oldest = recent.first {
        longest = max(longest ?? 0, window - now.timeIntervalSince(oldest))
      }
    }
    return longest.map { max(1, Int($0.rounded(.up))) }
  }

  /// Records a failed sign-in.
  func fail(name: String, address: String) {
    let now = Date()
    failures["user:" + name, default: []].append(now)
    failures["addr:" + address, default: []].append(now)
    if failures.count > 100_000 {
      failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
    }
  }

  /// Forgets the failures of `name` after a successful sign-in.
  func succeed(name: String) {
    failures["user:" + name] = nil
  }
}
