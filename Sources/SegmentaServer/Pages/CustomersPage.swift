import Foundation
import Hummingbird
import SegmentaCore

/// `/customers`: the front line's customer lookup.
///
/// Search by id (ids starting with what is typed), the
/// customer's segments, tags and recommended products, contacts masked. Roles that may reveal contacts
/// get a button that asks `POST /api/v1/customers/:id/reveal` (recorded in the audit); others get none,
/// and the server refuses them anyway.
enum CustomersPage {
  static func register(_ routes: Routes, state: ServerState) {
    routes.add(
      .get, "/customers", .readCustomers, kind: .page, "Customer lookup: segments, tags, products, masked contacts."
    ) { request, _, caller in
      let id = (request.query("id") ?? "").trimmingCharacters(in: .whitespaces)
      guard id.utf8.count <= 200 else {
        throw SegmentaError(.invalidRequest, "a customer id is at most 200 bytes", field: "id")
      }
      var body: HTML = """
        <h1>客户查询 Customer lookup</h1>
        <form method="get" action="/customers" class="inline search" role="search">
        <label>Customer id <input name="id" id="customer-search" value="\(id)" list="customer-ids" autocomplete="off" data-customer-search="#customer-ids" required></label>
        <datalist id="customer-ids"></datalist>
        <button type="submit">查询 Look up</button></form>

        """
      var status = HTTPResponse.Status.ok
      if !id.isEmpty {
        if let card = try state.customers.cards().card(id: id) {
          body += self.card(card, caller: caller)
        } else {
          status = .notFound
          body += Layout.notice("No customer has the id '\(id)'.", kind: "error")
        }
      }
      return PageResponse.page("Customers", area: .customers, caller: caller, status: status, body)
    }
  }

  /// A customer's card.
  static func card(_ card: CustomerCard, caller: Caller) -> HTML {
    let segments = card.segments.map { segment -> HTML in
      "<li><a href=\"/segments/\(urlPart(segment.segmentation))?version=\(segment.version)\">\(segment.segmentation)</a> v\(segment.version): <b>\(segment.segment). \(Show.label(segment.name))</b></li>"
    }
    let tags = card.tags.map { tag -> HTML in
      "<span class=\"tag\" title=\"\(tag.name)\">\(Show.label(tag.label))</span>"
    }
    let products = card.products.map { product -> HTML in
      "<li>\(Show.label(product.name)) <small>(\(product.id), match \(Show.fixed(product.strength, 2)))</small></li>"
    }
    let contacts = card.contacts.map { contact -> HTML in
      "<tr><td>\(contact.column)</td><td data-contact-column=\"\(contact.column)\" class=\"\(contact.masked ? "masked" : "")\">\(contact.value)</td></tr>"
    }
    let attributes = card.attributes.map { attribute -> [HTML] in ["\(attribute.name)", "\(attribute.value ?? "–")"] }
    var reveal = HTML.empty
    if caller.role.allows(.revealContacts), !card.contacts.isEmpty {
      reveal = """
        <p><button type="button" id="reveal-contacts" data-reveal-customer="\(card.id)">显示联系方式 Reveal contacts</button>
        <span class="hint">Revealing is recorded in the audit with your name.</span></p>
        """
    }
    return """
      <section class="customer-card" id="customer-card">
      <h2>客户 Customer <span class="name">\(card.id)</span></h2>
      \(card.doNotContact ? Layout.notice("Do not contact this customer: no offers.", kind: "error") : HTML.empty)
      <div class="columns3">
      <div><h3>分群 Segments</h3>\(segments.isEmpty ? "<p class=\"empty\">Not segmented.</p>" as HTML : "<ul class=\"plain\" id=\"customer-segments\">\(segments)</ul>")</div>
      <div><h3>标签 Tags</h3>\(tags.isEmpty ? "<p class=\"empty\">No tags.</p>" as HTML : "<p class=\"tags\" id=\"customer-tags\">\(tags)</p>")</div>
      <div><h3>推荐产品 Recommended products</h3>\(products.isEmpty ? "<p class=\"empty\">None.</p>" as HTML : "<ol id=\"customer-products\">\(products)</ol>")</div>
      </div>
      <h3>联系方式 Contacts</h3>
      \(contacts.isEmpty ? "<p class=\"empty\">No contact columns.</p>" : Layout.scroll("<table id=\"contacts-table\"><tbody>\(contacts)</tbody></table>"))
      \(reveal)
      <h3>属性 Attributes</h3>
      \(Layout.table(["column", "value"], attributes, id: "attributes-table"))
      </section>
      """
  }
}
