import Foundation
import GRDB
import SegmentaCore

/// A wide table as stored for one period.
public struct StoredWideTable: Sendable {
  /// The period's metadata.
  public var period: PeriodInfo
  /// Customer keys, one per row, in row order.
  public var customerKeys: [Int64]
  /// The features, in spec order.
  public var features: [StoredFeature]

  /// The feature named `name`.
  public func feature(named name: String) -> StoredFeature? {
    features.first { $0.name == name }
  }
}

/// One stored feature column.
public struct StoredFeature: Sendable {
  /// Name.
  public var name: String
  /// Display labels.
  public var label: FeatureLabel
  /// Free description.
  public var description: String?
  /// How it was computed.
  public var definition: String
  /// Band labels for band features.
  public var categories: [String]
  /// One value per customer row, NaN where missing.
  public var values: [Double]
}

/// What a wide-table build recorded about its period.
public struct PeriodInfo: Sendable, Equatable, Codable {
  /// The label, such as `2024Q1`.
  public var label: String
  /// When it was built (UTC).
  public var builtAt: String
  /// The reference date used (day after the latest event unless given).
  public var referenceDate: String?
  /// Rows of the wide table.
  public var customerCount: Int
  /// Event rows read.
  public var eventsRead: Int
  /// Event rows of customers not in the workspace.
  public var unknownCustomerRows: Int
  /// Event rows on or after the reference date.
  public var afterReferenceRows: Int
  /// Event files read.
  public var sources: [String]
  /// Number of features.
  public var featureCount: Int

  /// Creates period metadata.
  public init(
    label: String, builtAt: String, referenceDate: String?, customerCount: Int, eventsRead: Int,
    unknownCustomerRows: Int, afterReferenceRows: Int, sources: [String], featureCount: Int
  ) {
    self.label = label
    self.builtAt = builtAt
    self.referenceDate = referenceDate
    self.customerCount = customerCount
    self.eventsRead = eventsRead
    self.unknownCustomerRows = unknownCustomerRows
    self.afterReferenceRows = afterReferenceRows
    self.sources = sources
    self.featureCount = featureCount
  }
}

extension Workspace {
  /// Stores a wide table as period `label`.
  ///
  /// A period is never overwritten unless `replace` is set.
  public func saveWideTable(
    _ table: WideTable, customerKeys: [Int64], period: PeriodInfo, specText: String, replace: Bool
  ) throws {
    precondition(customerKeys.count == table.customerCount)
    try database.inTransaction(.immediate) { db in
      if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM period WHERE label = ?", arguments: [period.label])
      {
        guard replace else {
          throw WorkspaceError.invalidRequest(
            "period '\(period.label)' already exists; choose another --period label or pass --replace to rebuild it")
        }
        try db.execute(sql: "DELETE FROM period WHERE id = ?", arguments: [existing])
      }
      let sources = String(decoding: try JSONEncoder().encode(period.sources), as: UTF8.self)
      try db.execute(
        sql: """
          INSERT INTO period(label, built_at, spec, reference_date, customer_count, events_read,
            unknown_customer_rows, after_reference_rows, sources, customer_keys)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          period.label, period.builtAt, specText, period.referenceDate, period.customerCount, period.eventsRead,
          period.unknownCustomerRows, period.afterReferenceRows, sources, Self.blob(customerKeys),
        ])
      let periodID = db.lastInsertedRowID
      for (position, column) in table.columns.enumerated() {
        let definition = column.definition
        let categories =
          definition.categories.isEmpty
          ? nil : String(decoding: try JSONEncoder().encode(definition.categories), as: UTF8.self)
        try db.execute(
          sql: """
            INSERT INTO feature(period_id, position, name, label_zh, label_en, description, definition, categories, value_data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            periodID, position, definition.name, definition.label.zh, definition.label.en, definition.description,
            definition.summary, categories, Self.blob(column.values),
          ])
      }
      return .commit
    }
  }

  /// The periods, oldest first.
  public func periods() throws -> [PeriodInfo] {
    try database.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT label, built_at, reference_date, customer_count, events_read, unknown_customer_rows,
            after_reference_rows, sources, (SELECT COUNT(*) FROM feature WHERE period_id = period.id) AS feature_count
          FROM period ORDER BY id
          """
      ).map(Self.periodInfo)
    }
  }

  /// Loads period `label`, or the most recently built one when nil.
  public func wideTable(period label: String?) throws -> StoredWideTable {
    try database.read { db in
      let row: Row?
      if let label {
        row = try Row.fetchOne(db, sql: "SELECT * FROM period WHERE label = ?", arguments: [label])
      } else {
        row = try Row.fetchOne(db, sql: "SELECT * FROM period ORDER BY id DESC LIMIT 1")
      }
      guard let row else {
        let known = try String.fetchAll(db, sql: "SELECT label FROM period ORDER BY id")
        if let label {
          throw WorkspaceError.invalidRequest(
            "no period '\(label)' in the workspace"
              + (known.isEmpty ? "" : "; periods are: \(known.joined(separator: ", "))"))
        }
        throw WorkspaceError.invalidRequest(
          "the workspace has no wide table yet; build one with `segmenta features build`")
      }
      let periodID: Int64 = row["id"]
      let featureCount =
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM feature WHERE period_id = ?", arguments: [periodID]) ?? 0
      var info = Self.periodInfo(row)
      info.featureCount = featureCount
      let keys: [Int64] = Self.array(row["customer_keys"])
      let features = try Row.fetchAll(
        db, sql: "SELECT * FROM feature WHERE period_id = ? ORDER BY position", arguments: [periodID]
      ).map { feature in
        let categoriesText: String? = feature["categories"]
        let categories = categoriesText.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        return StoredFeature(
          name: feature["name"], label: FeatureLabel(zh: feature["label_zh"], en: feature["label_en"]),
          description: feature["description"], definition: feature["definition"], categories: categories,
          values: Self.array(feature["value_data"]))
      }
      return StoredWideTable(period: info, customerKeys: keys, features: features)
    }
  }

  static func periodInfo(_ row: Row) -> PeriodInfo {
    let sourcesText: String = row["sources"]
    let sources = (try? JSONDecoder().decode([String].self, from: Data(sourcesText.utf8))) ?? []
    return PeriodInfo(
      label: row["label"], builtAt: row["built_at"], referenceDate: row["reference_date"],
      customerCount: row["customer_count"], eventsRead: row["events_read"],
      unknownCustomerRows: row["unknown_customer_rows"], afterReferenceRows: row["after_reference_rows"],
      sources: sources, featureCount: row["feature_count"] ?? 0)
  }

  /// The bytes of a numeric array (little-endian on every supported platform).
  static func blob<T: BitwiseCopyable>(_ values: [T]) -> Data {
    values.withUnsafeBufferPointer { Data(buffer: $0) }
  }

  static func array<T>(_ data: Data?) -> [T] {
    guard let data else { return [] }
    let count = data.count / MemoryLayout<T>.stride
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      _ = data.copyBytes(to: buffer)
      initialized = count
    }
  }
}
