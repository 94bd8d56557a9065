import Foundation
import GRDB
import SegmentaCore

extension Workspace {
  /// Stores a fitted churn model as the next version and returns it with its version and time.
  @discardableResult
  package func saveChurnModel(_ model: StoredChurnModel) throws(SegmentaError) -> StoredChurnModel {
    var stored = model
    stored.createdAt = Timestamp.now()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try write { db in
      stored.version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM churn_model") ?? 0) + 1
      let text = String(decoding: try encoder.encode(stored), as: UTF8.self)
      try db.execute(
        sql: "INSERT INTO churn_model(version, created_at, kind, label, period, model) VALUES (?, ?, ?, ?, ?, ?)",
        arguments: [
          stored.version, stored.createdAt, stored.model.kind.rawValue, stored.label.description, stored.period, text,
        ])
      return stored
    }
  }

  /// The churn model of `version`, or the latest; a `missing_prerequisite` error when none was fitted.
  package func churnModel(version: Int? = nil) throws(SegmentaError) -> StoredChurnModel {
    let text = try read { db in
      if let version {
        try String.fetchOne(db, sql: "SELECT model FROM churn_model WHERE version = ?", arguments: [version])
      } else {
        try String.fetchOne(db, sql: "SELECT model FROM churn_model ORDER BY version DESC LIMIT 1")
      }
    }
    guard let text else {
      if let version { throw SegmentaError(.notFound, "there is no churn model version \(version)") }
      throw SegmentaError(
        .missingPrerequisite, "no churn model has been fitted; run `segmenta churn fit --label COLUMN` first")
    }
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try Self.converting { try decoder.decode(StoredChurnModel.self, from: Data(text.utf8)) }
  }

  /// Stores a numeric customer column computed by Segmenta (a model's score): the customers of
  /// `keys` (ascending) get `values` (NaN missing), every other customer keeps the stored value.
  ///
  /// The column is added as a decimal column when it is new; an existing column must be numeric
  /// and not personal. Rules, tags and profiles read it like any imported column. Returns whether
  /// the column was added.
  @discardableResult
  package func storeNumericColumn(_ name: String, keys: [Int64], values: [Double]) throws(SegmentaError) -> Bool {
    precondition(keys.count == values.count, "\(keys.count) keys for \(values.count) values")
    return try write { db in
      let catalogue = try Self.customerColumns(db)
      let column: CustomerColumn
      var added = false
      if let existing = catalogue.first(where: { $0.name == name }) {
        guard existing.type.isNumeric, !existing.personal else {
          throw SegmentaError(
            .conflict,
            "customer column '\(name)' exists as \(existing.personal ? "a personal " : "")\(existing.type) column; "
              + "a score is stored only in a numeric column", field: name)
        }
        if existing.type != .decimal {
          try db.execute(
            sql: "UPDATE customer_column SET type = ? WHERE position = ?",
            arguments: [ColumnType.decimal.rawValue, existing.position])
        }
        column = CustomerColumn(
          position: existing.position, name: name, storage: existing.storage, type: .decimal, personal: false)
      } else {
        let position = (catalogue.map(\.position).max() ?? 0) + 1
        let storage = "c\(position)"
        try db.execute(
          sql:
            "INSERT INTO customer_column(position, name, storage, type, personal, added_at) VALUES (?, ?, ?, ?, ?, ?)",
          arguments: [position, name, storage, ColumnType.decimal.rawValue, false, Timestamp.now()])
        column = CustomerColumn(position: position, name: name, storage: storage, type: .decimal, personal: false)
        added = true
      }
      let placement = ChunkPlacement(keys: keys)
      let kept = try Self.keptChunks(db, position: column.position, type: .decimal, placement: placement)
      let encoded = Self.encodeChunks(
        type: .decimal, pieces: [TypedColumn(decimals: values)], placement: placement, kept: kept)
      try Self.storeChunks(db, position: column.position, placement: placement, encoded)
      return added
    }
  }
}
