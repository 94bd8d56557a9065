import Foundation
import GRDB
import SegmentaCore

extension Workspace {
  /// Replaces the product catalogue.
  package func saveProducts(_ products: [ProductDefinition]) throws(SegmentaError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try write { db in
      try db.execute(sql: "DELETE FROM product")
      for (position, product) in products.enumerated() {
        try db.execute(
          sql: "INSERT INTO product(id, position, definition, defined_at) VALUES (?, ?, ?, ?)",
          arguments: [
            product.id, position, String(decoding: try encoder.encode(product), as: UTF8.self), Timestamp.now(),
          ])
      }
    }
  }

  /// The product catalogue, in catalogue order.
  package func products() throws(SegmentaError) -> [ProductDefinition] {
    try read { db in
      try String.fetchAll(db, sql: "SELECT definition FROM product ORDER BY position").map { text in
        try JSONDecoder().decode(ProductDefinition.self, from: Data(text.utf8))
      }
    }
  }
}
