import Foundation
import GRDB
import SegmentaCore

extension Workspace {
  /// The stored settings, or the defaults.
  package func contactStatusSettings() throws(SegmentaError) -> ContactStatusSettings {
    guard let text = try info("contact_status_settings") else { return ContactStatusSettings() }
    return try Self.converting { try JSONDecoder().decode(ContactStatusSettings.self, from: Data(text.utf8)) }
  }

  /// Every stored contact attempt.
  package func contactAttempts() throws(SegmentaError) -> [ContactAttempt] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT customer_key, method, attempted_at, success FROM contact_attempt")
        .compactMap { row -> ContactAttempt? in
          guard let method = ContactMethod(rawValue: row["method"]) else { return nil }
          return ContactAttempt(
            customer: row["customer_key"], method: method, at: row["attempted_at"], success: row["success"])
        }
    }
  }

  /// Adds attempts (an attempt already stored is kept once) and replaces every status with
  /// `statuses` (worked out with `settings` over all attempts, the new ones included), in one
  /// transaction.
  package func saveContactAttempts(
    _ attempts: [ContactAttempt], settings: ContactStatusSettings, statuses: [Int64: ContactStatus]
  ) throws(SegmentaError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let settingsText = try Self.converting { String(decoding: try encoder.encode(settings), as: UTF8.self) }
    try write { db in
      let insert = try db.makeStatement(
        sql: "INSERT OR IGNORE INTO contact_attempt(customer_key, method, attempted_at, success) VALUES (?, ?, ?, ?)")
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
  package func contactStatuses() throws(SegmentaError) -> [Int64: ContactStatus] {
    try read { db in
      var result: [Int64: ContactStatus] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT customer_key, status FROM contact_status") {
        if let status = ContactStatus(rawValue: row["status"]) { result[row["customer_key"]] = status }
      }
      return result
    }
  }
}
