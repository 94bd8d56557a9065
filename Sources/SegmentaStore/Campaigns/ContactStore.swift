import Foundation
import GRDB
import SegmentaCore

/// How contact statuses are worked out (stored with the workspace, used on every import).
public struct ContactStatusSettings: Sendable, Equatable, Codable {
  /// Failed attempts since the last success, on every method, that make a customer unreachable.
  public var maximumFailures: Int
  /// The methods that must all be exhausted.
  public var methods: [ContactMethod]
  /// The customer column holding the customer class.
  public var classColumn: String
  /// Classes of the company's own customers, who become dormant when unreachable.
  ///
  /// Any other class (prospects, rivals' customers) becomes void; a customer without a class counts
  /// as own.
  public var ownClasses: [String]

  /// The defaults: 3 failures on phone, e-mail and SMS; class column `customer_class`; own classes
  /// own, vip, key_account, 本品牌, 大客户.
  public init(
    maximumFailures: Int = 3, methods: [ContactMethod] = [.phone, .email, .sms], classColumn: String = "customer_class",
    ownClasses: [String] = ["own", "vip", "key_account", "本品牌", "大客户"]
  ) {
    self.maximumFailures = maximumFailures
    self.methods = methods
    self.classColumn = classColumn
    self.ownClasses = ownClasses
  }
}

extension Workspace {
  /// The stored settings, or the defaults.
  public func contactStatusSettings() throws -> ContactStatusSettings {
    guard let text = try info("contact_status_settings") else { return ContactStatusSettings() }
    return try JSONDecoder().decode(ContactStatusSettings.self, from: Data(text.utf8))
  }

  /// Every stored contact attempt.
  public func contactAttempts() throws -> [ContactAttempt] {
    try database.read { db in
      try Row.fetchAll(db, sql: "SELECT customer_key, method, attempted_at, success FROM contact_attempt")
        .compactMap { row -> ContactAttempt? in
          guard let method = ContactMethod(rawValue: row["method"]) else { return nil }
          return ContactAttempt(
            customer: row["customer_key"], method: method, at: row["attempted_at"], success: row["success"])
        }
    }
  }

  /// Adds attempts and replaces every status with `statuses` (worked out with `settings` over all
  /// attempts, the new ones included), in one transaction.
  public func saveContactAttempts(
    _ attempts: [ContactAttempt], settings: ContactStatusSettings, statuses: [Int64: ContactStatus]
  ) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let settingsText = String(decoding: try encoder.encode(settings), as: UTF8.self)
    try database.write { db in
      let insert = try db.makeStatement(
        sql: "INSERT INTO contact_attempt(customer_key, method, attempted_at, success) VALUES (?, ?, ?, ?)")
      for attempt in attempts {
        try insert.execute(arguments: [attempt.customer, attempt.method.rawValue, attempt.at, attempt.success])
      }
      try db.execute(sql: "DELETE FROM contact_status")
      let now = Timestamp.now()
      let store = try db.makeStatement(
        sql: "INSERT INTO contact_status(customer_key, status, updated_at) VALUES (?, ?, ?)")
      for (key, status) in statuses.sorted(by: { $0.key < $1.key }) {
        try store.execute(arguments: [key, status.rawValue, now])
      }
      try db.execute(
        sql: "INSERT OR REPLACE INTO workspace_info(key, value) VALUES ('contact_status_settings', ?)",
        arguments: [settingsText])
    }
  }

  /// Every customer's contact status (customers without one are reachable).
  public func contactStatuses() throws -> [Int64: ContactStatus] {
    try database.read { db in
      var result: [Int64: ContactStatus] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT customer_key, status FROM contact_status") {
        if let status = ContactStatus(rawValue: row["status"]) { result[row["customer_key"]] = status }
      }
      return result
    }
  }
}
