import Foundation
import SegmentaCore

/// Reads holdings (one row per customer and item held) for `segmenta basket`.
package enum BasketFileReader {
  /// Transactions (one per customer, item ids into `items`) and the item names, sorted.
  package struct Baskets: Sendable {
    /// Item ids per customer.
    package var transactions: [[Int32]]
    /// Item names by id.
    package var items: [String]
    /// Data rows read.
    package var rows: Int
  }

  /// Reads `path`: a customer column (`customer_id`) and an item column (`item`, `product` or the
  /// one named); rows with an empty customer or item are an error with their line and column.
  package static func read(path: String, itemColumn: String? = nil) throws(DataFileError) -> Baskets {
    let reader = try CSVReader(path: path)
    let header = reader.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    guard let customer = header.firstIndex(of: "customer_id") else {
      throw DataFileError(
        file: path, line: 1, message: "missing column customer_id; a holdings file has customer_id and item")
    }
    let wanted = itemColumn.map { [$0.lowercased()] } ?? ["item", "product", "product_id"]
    guard let item = wanted.lazy.compactMap({ header.firstIndex(of: $0) }).first else {
      throw DataFileError(
        file: path, line: 1,
        message: "missing item column (\(wanted.joined(separator: " or "))); name it with --item-column")
    }
    var ids: [String: Int32] = [:]
    var names: [String] = []
    var baskets: [String: [Int32]] = [:]
    var order: [String] = []
    var rows = 0
    while try reader.next() {
      rows += 1
      let id = customer < reader.fieldCount ? reader.string(at: customer).trimmingCharacters(in: .whitespaces) : ""
      let name = item < reader.fieldCount ? reader.string(at: item).trimmingCharacters(in: .whitespaces) : ""
      guard !id.isEmpty else {
        throw DataFileError(
          file: path, line: reader.line, column: customer + 1, columnName: "customer_id",
          message: "the customer id is empty")
      }
      guard !name.isEmpty else {
        throw DataFileError(
          file: path, line: reader.line, column: item + 1, columnName: header[item], message: "the item is empty")
      }
      let itemID: Int32
      if let known = ids[name] {
        itemID = known
      } else {
        itemID = Int32(names.count)
        ids[name] = itemID
        names.append(name)
      }
      if baskets[id] == nil { order.append(id) }
      baskets[id, default: []].append(itemID)
    }
    // Ids in name order, so output does not depend on the file's row order.
    let sorted = names.indices.sorted { names[$0] < names[$1] }
    var remap = [Int32](repeating: 0, count: names.count)
    for (newID, oldID) in sorted.enumerated() { remap[oldID] = Int32(newID) }
    return Baskets(
      transactions: order.map { baskets[$0, default: []].map { remap[Int($0)] } }, items: sorted.map { names[$0] },
      rows: rows)
  }
}
