import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta contacts import --input FILE`: contact attempts, and the contact statuses they give.
///
/// Columns (any order, names case-insensitive): `customer_id`, `method` (phone, email, sms, fax or
/// 电话, 邮件, 短信, 传真), `attempted_at` (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS) and `success` (yes/no …).
/// The same guarantees as every import: the first bad row stops it and nothing is stored, unless bad
/// rows are skipped, counted by reason.
package struct ImportContactAttemptsWorkflow: Workflow {
  /// Changes to the stored settings, applied before the import and stored with it.
  package struct SettingsChange: Sendable, Equatable {
    /// Failed attempts since the last success, on every method, that make a customer unreachable.
    package var maximumFailures: Int?
    /// The methods that must all be exhausted.
    package var methods: [ContactMethod]?
    /// The customer column with the customer class.
    package var classColumn: String?
    /// Classes of own customers (dormant when unreachable); other classes become void.
    package var ownClasses: [String]?

    package init(
      maximumFailures: Int? = nil, methods: [ContactMethod]? = nil, classColumn: String? = nil,
      ownClasses: [String]? = nil
    ) {
      self.maximumFailures = maximumFailures
      self.methods = methods
      self.classColumn = classColumn
      self.ownClasses = ownClasses
    }

    /// `settings` with these changes.
    func applied(to settings: ContactStatusSettings) -> ContactStatusSettings {
      var settings = settings
      if let maximumFailures { settings.maximumFailures = maximumFailures }
      if let methods { settings.methods = methods }
      if let classColumn { settings.classColumn = classColumn }
      if let ownClasses { settings.ownClasses = ownClasses }
      return settings
    }
  }

  /// What an import did.
  package struct Output: Sendable, Codable {
    package var file: String
    /// Data rows read.
    package var rowsRead: Int
    /// Attempts stored: the rows read, less bad rows and attempts already stored.
    package var stored: Int
    /// Rows that repeat an attempt already stored (by an earlier import or earlier in the file).
    package var alreadyStored: Int
    /// Rows left out, by reason.
    package var skipped: [RowProblemReason: Int]
    /// The first line left out for each reason.
    package var firstSkippedLine: [RowProblemReason: Int]
    /// The settings used.
    package var settings: ContactStatusSettings
    /// Whether the class column exists (without it every unreachable customer counts as own).
    package var classColumnFound: Bool
    /// Customers per status after the import.
    package var statuses: [ContactStatus: Int]
  }

  /// The attempts file (CSV).
  package var path: String
  /// Changes to the stored settings.
  package var settings: SettingsChange
  package var onError: BadRowPolicy

  package init(path: String, settings: SettingsChange = SettingsChange(), onError: BadRowPolicy = .fail) {
    self.path = path
    self.settings = settings
    self.onError = onError
  }

  /// Imports the file and recomputes every customer's status with the (changed) settings.
  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace()
    let settings = settings.applied(to: try workspace.contactStatusSettings())
    let path = path
    let index = try workspace.customerIndex()
    let rows = try SegmentaError.catching {
      try OutcomeRows(
        path: path, required: ["customer_id", "method", "attempted_at", "success"], optional: [],
        what: "a contact-attempt file", onError: onError, isImport: true)
    }
    var attempts: [ContactAttempt] = []
    try SegmentaError.catching {
      try rows.forEach {
        let id = rows.text("customer_id")
        guard let row = index.ids.index(of: id) else {
          throw rows.problem("customer_id", .unknownCustomer, "customer '\(id)' is not in the workspace")
        }
        let methodText = rows.text("method")
        guard let method = ContactMethod(text: methodText) else {
          throw rows.problem("method", .badValue, "expected phone, email, sms or fax, found '\(methodText)'")
        }
        guard let at = try rows.seconds("attempted_at", required: true) else {
          preconditionFailure("a required date is never nil")
        }
        attempts.append(
          ContactAttempt(customer: index.keys[row], method: method, at: at, success: try rows.flag("success")))
      }
    }
    let columns = try workspace.customerColumns()
    let classColumn = columns.first { $0.name.lowercased() == settings.classColumn.lowercased() }
    let own = Set(settings.ownClasses.map { $0.lowercased() })
    // Importing the same attempts again changes nothing: each attempt counts once.
    let existing = try workspace.contactAttempts()
    var seen = Set(existing)
    let fresh = attempts.filter { seen.insert($0).inserted }
    let all = existing + fresh
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
    try workspace.saveContactAttempts(fresh, settings: settings, statuses: statuses)
    var counts: [ContactStatus: Int] = [:]
    for status in statuses.values { counts[status, default: 0] += 1 }
    return Output(
      file: path, rowsRead: rows.rowsRead, stored: fresh.count, alreadyStored: attempts.count - fresh.count,
      skipped: rows.skipped,
      firstSkippedLine: rows.firstSkippedLine, settings: settings, classColumnFound: classColumn != nil,
      statuses: counts)
  }
}
