import Foundation
import GRDB
import SegmentaCore

extension Workspace {
  /// Stores a wide table as period `label`.
  ///
  /// A period is never overwritten unless `replace` is set.
  package func saveWideTable(
    _ table: WideTable, customerKeys: [Int64], period: PeriodInfo, specText: String, replace: Bool
  ) throws(SegmentaError) {
    precondition(customerKeys.count == table.customerCount)
    try Self.converting {
      try database.inTransaction(.immediate) { db in
        if let existing = try Int64.fetchOne(
          db, sql: "SELECT id FROM period WHERE label = ?", arguments: [period.label])
        {
          guard replace else {
            throw SegmentaError(
              .conflict,
              "period '\(period.label)' already exists; choose another --period label or pass --replace to rebuild it")
          }
          let users = try String.fetchAll(
            db, sql: "SELECT DISTINCT name FROM segmentation WHERE period = ? ORDER BY name", arguments: [period.label])
          guard users.isEmpty else {
            throw SegmentaError(
              .conflict,
              "period '\(period.label)' is used by segmentation\(users.count == 1 ? "" : "s") "
                + "\(users.joined(separator: ", ")), whose profiles read its data; rebuilding it would change them. "
                + "Build the new data as another period (--period LABEL)")
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
  }

  /// The periods, by reference date (periods without one first), then by build order; the last is
  /// the latest.
  package func periods() throws(SegmentaError) -> [PeriodInfo] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT label, built_at, reference_date, customer_count, events_read, unknown_customer_rows,
            after_reference_rows, sources, (SELECT COUNT(*) FROM feature WHERE period_id = period.id) AS feature_count
          FROM period ORDER BY reference_date, id
          """
      ).map(Self.periodInfo)
    }
  }

  /// The wide table of period `label`, or of the latest period when nil; nil when no period was built
  /// and none is named.
  ///
  /// This is the one place that decides which period "the latest" is.
  package func wideTableIfBuilt(period label: String?) throws(SegmentaError) -> StoredWideTable? {
    if label == nil, try periods().isEmpty { return nil }
    return try wideTable(period: label)
  }

  /// Loads period `label`, or the latest when nil: the one with the latest reference date (the most
  /// recently built among equal dates; periods without a reference date count as earliest).
  package func wideTable(period label: String?) throws(SegmentaError) -> StoredWideTable {
    try read { db in
      let row: Row?
      if let label {
        row = try Row.fetchOne(db, sql: "SELECT * FROM period WHERE label = ?", arguments: [label])
      } else {
        row = try Row.fetchOne(db, sql: "SELECT * FROM period ORDER BY reference_date DESC, id DESC LIMIT 1")
      }
      guard let row else {
        let known = try String.fetchAll(db, sql: "SELECT label FROM period ORDER BY reference_date, id")
        if let label {
          throw SegmentaError(
            .notFound,
            "no period '\(label)' in the workspace"
              + (known.isEmpty ? "" : "; periods are: \(known.joined(separator: ", "))"))
        }
        throw SegmentaError(
          .missingPrerequisite, "the workspace has no wide table yet; build one with `segmenta features build`")
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

  /// The wide-table spec (YAML) period `label` was built or imported with, or the latest period's when nil, with
  /// the period's label.
  package func wideTableSpec(period label: String?) throws(SegmentaError) -> (period: String, text: String) {
    var name = label
    if name == nil { name = try periods().last?.label }
    if let name,
      let text = try read({ db in
        try String.fetchOne(db, sql: "SELECT spec FROM period WHERE label = ?", arguments: [name])
      })
    {
      return (name, text)
    }
    // No such period: the messages of loading its table (the periods there are, or how to build one).
    _ = try wideTable(period: label)
    throw SegmentaError(.notFound, "no period '\(label ?? "")' in the workspace")
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
