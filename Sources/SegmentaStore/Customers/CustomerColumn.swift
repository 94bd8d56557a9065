import GRDB
import SegmentaCore

/// A column of the customer table, as the workspace catalogues it.
public struct CustomerColumn: Sendable, Equatable, Codable {
  /// Position in the catalogue (order of first import).
  public var position: Int
  /// The name from the file's header.
  public var name: String
  /// The SQL column holding it (`c1`, `c2`, …), so that any header text is safe.
  public var storage: String
  /// The value type.
  public var type: ColumnType
  /// Whether the column holds personal contact data (phone numbers, e-mail addresses), which is
  /// masked in exports and never quoted in messages.
  public var personal: Bool

  /// Column names that hold personal contact data unless a schema says otherwise.
  static let personalNameParts = ["phone", "mobile", "msisdn", "email", "e-mail", "e_mail", "手机", "电话", "邮箱"]

  /// Whether a header name looks like a phone or e-mail column.
  public static func looksPersonal(_ name: String) -> Bool {
    let lower = name.lowercased()
    return personalNameParts.contains { lower.contains($0) }
  }
}

extension Workspace {
  /// The customer columns, in catalogue order.
  public func customerColumns() throws -> [CustomerColumn] {
    try database.read { db in try Self.customerColumns(db) }
  }

  static func customerColumns(_ db: Database) throws -> [CustomerColumn] {
    try Row.fetchAll(db, sql: "SELECT position, name, storage, type, personal FROM customer_column ORDER BY position")
      .map { row in
        CustomerColumn(
          position: row["position"], name: row["name"], storage: row["storage"],
          type: ColumnType(rawValue: row["type"]) ?? .text, personal: row["personal"])
      }
  }

  /// Number of customers.
  public func customerCount() throws -> Int {
    try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customer") ?? 0 }
  }

  /// Every customer's key and id, in key order, with an index from id bytes to position.
  public func customerIndex() throws -> (keys: [Int64], ids: ByteStringTable) {
    try database.read { db in
      let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customer") ?? 0
      var keys: [Int64] = []
      keys.reserveCapacity(count)
      var ids = ByteStringTable(capacity: count)
      let cursor = try Row.fetchCursor(db, sql: "SELECT key, id FROM customer ORDER BY key")
      while let row = try cursor.next() {
        keys.append(row[0])
        let id: String = row[1]
        ids.insert(id)
      }
      return (keys, ids)
    }
  }

  /// The values of numeric, boolean, date and timestamp customer columns for the customers with
  /// `keys`, in that order: numbers as they are, dates as days since 1970-01-01, NaN where missing.
  public func customerValues(columns names: [String], keys: [Int64]) throws -> [String: CustomerColumnValues] {
    let catalogue = try customerColumns()
    var result: [String: CustomerColumnValues] = [:]
    let position = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
    for name in names {
      guard let column = catalogue.first(where: { $0.name == name }) else { continue }
      var values = [Double](repeating: .nan, count: keys.count)
      try database.read { db in
        let cursor = try Row.fetchCursor(db, sql: "SELECT key, \(column.storage) FROM customer")
        while let row = try cursor.next() {
          guard let index = position[row[0]] else { continue }
          values[index] = Self.number(from: row[1], type: column.type)
        }
      }
      result[name] = CustomerColumnValues(type: column.type, values: values)
    }
    return result
  }

  static func number(from value: DatabaseValue, type: ColumnType) -> Double {
    switch value.storage {
    case .null: return .nan
    case .int64(let i): return Double(i)
    case .double(let d): return d
    case .string(let text):
      switch type {
      case .date:
        return ValueParser.withBytes(of: text) { ValueParser.parseDate($0) }.map(Double.init) ?? .nan
      case .timestamp:
        return ValueParser.withBytes(of: text) { ValueParser.parseTimestamp($0) }
          .map { Double($0) / Double(CivilDate.secondsPerDay) } ?? .nan
      default:
        return .nan
      }
    case .blob: return .nan
    }
  }
}

extension Workspace {
  /// The ids of the customers with `keys`, in that order (empty string for an unknown key).
  public func customerIDs(keys: [Int64]) throws -> [String] {
    let position = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
    var ids = [String](repeating: "", count: keys.count)
    try database.read { db in
      let cursor = try Row.fetchCursor(db, sql: "SELECT key, id FROM customer")
      while let row = try cursor.next() {
        if let index = position[row[0]] { ids[index] = row[1] }
      }
    }
    return ids
  }
}

extension Workspace {
  /// The text of customer columns for the customers with `keys`, in that order (nil where missing).
  public func customerText(columns names: [String], keys: [Int64]) throws -> [String: [String?]] {
    let catalogue = try customerColumns()
    let position = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
    var result: [String: [String?]] = [:]
    for name in names {
      guard let column = catalogue.first(where: { $0.name == name }) else { continue }
      var values = [String?](repeating: nil, count: keys.count)
      try database.read { db in
        let cursor = try Row.fetchCursor(db, sql: "SELECT key, \(column.storage) FROM customer")
        while let row = try cursor.next() {
          guard let index = position[row[0]] else { continue }
          let value: DatabaseValue = row[1]
          switch value.storage {
          case .null: values[index] = nil
          case .string(let text): values[index] = text
          case .int64(let number): values[index] = String(number)
          case .double(let number): values[index] = String(number)
          case .blob: values[index] = nil
          }
        }
      }
      result[name] = values
    }
    return result
  }

  /// Text columns fit to describe segments: not personal data and at most `limit` distinct values.
  public func categoricalColumns(limit: Int = 200) throws -> [String] {
    let catalogue = try customerColumns().filter { $0.type == .text && !$0.personal }
    return try database.read { db in
      try catalogue.filter { column in
        let distinct =
          try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM (SELECT DISTINCT \(column.storage) FROM customer LIMIT \(limit + 1))") ?? 0
        return distinct <= limit
      }.map(\.name)
    }
  }
}
