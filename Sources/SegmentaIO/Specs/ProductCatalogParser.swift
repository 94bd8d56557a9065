import Foundation
import SegmentaCore
import Yams

/// Reads product catalogues (`segmenta products define --catalog products.yaml`; docs/products.md).
package enum ProductCatalogParser {
  /// Parses a catalogue.
  package static func parse(_ text: String, file: String) throws(SpecFileError) -> [ProductDefinition] {
    let root = try YAMLValue.parse(text, file: file)
    let top = try root.fields("the product catalogue", allowed: ["products"])
    guard let list = top["products"] else { throw root.error("a catalogue needs 'products:', a list of products") }
    var products: [ProductDefinition] = []
    for node in try list.sequence("products") {
      let fields = try node.fields("a product", allowed: ["id", "name", "tags", "eligibility", "target", "priority"])
      guard let idNode = fields["id"] else { throw node.error("a product needs an 'id'") }
      let id = try idNode.text("id")
      guard TagSpecParser.isName(id) else {
        throw idNode.error("product id '\(id)' must start with a letter or '_' and hold only letters, digits and '_'")
      }
      guard !products.contains(where: { $0.id == id }) else { throw idNode.error("product '\(id)' is listed twice") }
      guard let target = fields["target"] else {
        throw node.error("product '\(id)' needs a 'target' rule: the customers it suits")
      }
      products.append(
        ProductDefinition(
          id: id,
          name: try fields["name"].map { node throws(SpecFileError) in try ProfileSpecParser.label(node, what: "name") }
            ?? FeatureLabel(zh: id, en: id),
          tags: try fields["tags"]?.texts("tags") ?? [], eligibility: try fields["eligibility"]?.text("eligibility"),
          target: try target.text("target"), priority: try fields["priority"]?.integer("priority") ?? 0))
    }
    guard !products.isEmpty else { throw list.error("the catalogue lists no products") }
    return products
  }

  /// Reads and parses the catalogue at `path`.
  package static func load(path: String) throws(SpecFileError) -> [ProductDefinition] {
    try parse(SpecFile.text(at: path, what: "the product catalogue"), file: path)
  }
}
