import Foundation
import Hummingbird
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// Contact attempts and the dormant and void statuses they give.
enum ContactsAPI {
  /// Dormant and void customers, with a page of one status's ids when `list` is given.
  struct Status: Encodable, Sendable {
    var dormant: Int
    var void: Int
    var settings: ContactStatusSettings
    var customers: PageOf<String>?
  }

  /// What an import of attempts did, without the server's file path.
  struct Imported: Encodable, Sendable {
    var rowsRead: Int
    var stored: Int
    var alreadyStored: Int
    var skipped: [RowProblemReason: Int]
    var firstSkippedLine: [RowProblemReason: Int]
    var settings: ContactStatusSettings
    var classColumnFound: Bool
    var statuses: [ContactStatus: Int]
  }

  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .post, "/api/v1/contacts/attempts", .importData,
      "Add contact attempts from the raw CSV body (customer_id, method, attempted_at, success) and recompute the "
        + "statuses (`on_error`, `max_failures`, `methods`, `class_column`, `own_classes`)."
    ) { request, _, caller in
      let onError = try BadRowPolicy.query(request)
      let settings = try settingsChange(request)
      let output = try await CSVTransfer.withBody(request, name: "attempts.csv", state: state, caller: caller) {
        path in
        try await state.write(
          ImportContactAttemptsWorkflow(path: path, settings: settings, onError: onError), caller: caller,
          command: request.auditCommand)
      }
      return JSONBody.response(
        Imported(
          rowsRead: output.rowsRead, stored: output.stored, alreadyStored: output.alreadyStored,
          skipped: output.skipped, firstSkippedLine: output.firstSkippedLine,
          settings: output.settings, classColumnFound: output.classColumnFound, statuses: output.statuses))
    }
    routes.add(
      .get, "/api/v1/contacts/status", .readDashboards,
      "How many customers are dormant and void; with `list` (dormant or void), a page of their ids."
    ) { request, _, caller in
      let paging = try Paging(request)
      let list = try request.queryChoice("list", as: ContactStatus.self)
      let output = try await state.read(
        ContactStatusWorkflow(list: list), caller: caller, command: request.auditCommand)
      return JSONBody.response(
        Status(
          dormant: output.dormant, void: output.void, settings: output.settings,
          customers: output.customers.map { PageOf(all: $0, paging: paging) }))
    }
  }

  /// The changes to the status settings the query asks for.
  static func settingsChange(_ request: Request) throws(SegmentaError) -> ImportContactAttemptsWorkflow.SettingsChange {
    var change = ImportContactAttemptsWorkflow.SettingsChange(classColumn: try request.queryText("class_column"))
    change.maximumFailures = try request.queryInteger("max_failures", in: 1...1_000)
    if let text = try request.queryText("methods") {
      var methods: [ContactMethod] = []
      for name in text.split(separator: ",") {
        guard let method = ContactMethod(text: name.trimmingCharacters(in: .whitespaces)) else {
          throw SegmentaError(
            .invalidRequest, "methods takes phone, email, sms or fax, comma-separated", field: "methods")
        }
        methods.append(method)
      }
      guard !methods.isEmpty else { throw SegmentaError(.invalidRequest, "methods lists no method", field: "methods") }
      change.methods = methods
    }
    change.ownClasses = try request.queryText("own_classes").map {
      $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
    return change
  }
}
