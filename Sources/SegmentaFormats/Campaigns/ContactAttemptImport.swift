import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta contacts import --input FILE`: contact attempts, and the contact statuses they give.
///
/// Columns (any order, names case-insensitive): `customer_id`, `method` (phone, email, sms, fax or
/// 电话, 邮件, 短信, 传真), `attempted_at` (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS) and `success` (yes/no …).
/// The same guarantees as every import: the first bad row stops it and nothing is stored, unless bad
/// rows are skipped, counted by reason.
public enum ContactAttemptImport {
  /// What an import did.
  public struct Report: Sendable, Codable {
    /// The file.
    public var file: String
    /// Data rows read.
    public var rowsRead: Int
    /// Attempts stored.
    public var stored: Int
    /// Rows left out, by reason.
    public var skipped: [String: Int]
    /// The first line left out for each reason.
    public var firstSkippedLine: [String: Int]
    /// The settings used.
    public var settings: ContactStatusSettings
    /// Whether the class column exists (without it every unreachable customer counts as own).
    public var classColumnFound: Bool
    /// Customers per status after the import.
    public var statuses: [String: Int]
  }

  /// Imports `path` and recomputes every customer's status with `settings`.
  public static func run(workspace: Workspace, path: String, settings: ContactStatusSettings, skipBadRows: Bool) throws
    -> Report
  {
    let index = try workspace.customerIndex()
    let rows = try OutcomeRows(
      path: path, required: ["customer_id", "method", "attempted_at", "success"], optional: [],
      what: "a contact-attempt file", badRows: skipBadRows ? .skip : .stopImport)
    var attempts: [ContactAttempt] = []
    try rows.forEach {
      let id = rows.text("customer_id")
      guard let row = index.ids.index(of: id) else {
        throw rows.problem("customer_id", "unknown_customer", "customer '\(id)' is not in the workspace")
      }
      let methodText = rows.text("method")
      guard let method = ContactMethod(text: methodText) else {
        throw rows.problem("method", "bad_value", "expected phone, email, sms or fax, found '\(methodText)'")
      }
      let at = try rows.seconds("attempted_at", required: true)!
      attempts.append(
        ContactAttempt(customer: index.keys[row], method: method, at: at, success: try rows.flag("success")))
    }
    let columns = try workspace.customerColumns()
    let classColumn = columns.first { $0.name.lowercased() == settings.classColumn.lowercased() }
    let own = Set(settings.ownClasses.map { $0.lowercased() })
    let all = try workspace.contactAttempts() + attempts
    let keys = Array(Set(all.map(\.customer))).sorted()
    var classes: [Int64: String] = [:]
    if let classColumn {
      let values = try workspace.customerText(columns: [classColumn.name], keys: keys)[classColumn.name] ?? []
      for (position, key) in keys.enumerated() {
        if let value = values[position] { classes[key] = value.trimmingCharacters(in: .whitespaces).lowercased() }
      }
    }
    let statuses = ContactStatus.classify(
      all, methods: settings.methods, maximumFailures: settings.maximumFailures,
      isOwn: { key in classes[key].map { own.contains($0) } ?? true })
    try workspace.saveContactAttempts(attempts, settings: settings, statuses: statuses)
    var counts: [String: Int] = [:]
    for status in statuses.values { counts[status.rawValue, default: 0] += 1 }
    return Report(
      file: path, rowsRead: rows.rowsRead, stored: attempts.count, skipped: rows.skipped,
      firstSkippedLine: rows.firstSkippedLine, settings: settings, classColumnFound: classColumn != nil,
      statuses: counts)
  }
}
