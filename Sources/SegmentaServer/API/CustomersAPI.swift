import Foundation
import Hummingbird
import SegmentaCore
import SegmentaWorkflows

/// Customer lookup for the front line: one customer's card (from memory), id search, and revealing
/// contacts (audited).
enum CustomersAPI {
  struct Search: Encodable, Sendable {
    var items: [String]
  }

  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .get, "/api/v1/customers", .readCustomers, "Customer ids starting with `search` (up to `limit`, 20 by default)."
    ) { request, _, _ in
      let prefix = request.query("search") ?? ""
      guard prefix.utf8.count <= 200 else {
        throw SegmentaError(.invalidRequest, "search takes at most 200 characters", field: "search")
      }
      var limit = 20
      if let text = request.query("limit") {
        guard let value = Int(text), (1...100).contains(value) else {
          throw SegmentaError(.invalidRequest, "limit takes a whole number from 1 to 100", field: "limit")
        }
        limit = value
      }
      return JSONBody.response(Search(items: try state.customers.cards().search(prefix: prefix, limit: limit)))
    }
    routes.add(
      .get, "/api/v1/customers/:id", .readCustomers,
      "One customer's card: segments, tags, recommended products, masked contacts, attributes."
    ) { _, context, _ in
      let id = try context.parameter("id")
      guard let card = try state.customers.cards().card(id: id) else {
        throw SegmentaError(.notFound, "no customer with that id", field: "id")
      }
      return Response(
        status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
        body: ResponseBody(byteBuffer: CardJSON.encode(card)))
    }
    routes.add(
      .post, "/api/v1/customers/:id/reveal", .revealContacts,
      "One customer's personal columns unmasked (recorded in the export audit)."
    ) { request, context, caller in
      let id = try context.parameter("id")
      let contacts = try await state.write(
        RevealContactsWorkflow(customerID: id), caller: caller, command: request.auditCommand, refresh: false)
      return JSONBody.response(contacts)
    }
  }
}
