import Foundation
import GRDB
import SegmentaCore

extension Workspace {
  /// Stores a new version of segmentation `name` and returns its version number.
  ///
  /// With `refreshes`, the new version records that it applies that version's model to `period`, and
  /// takes over the segment names the analyst gave that version.
  @discardableResult
  package func saveSegmentation(
    name: String, period: String?, model: SegmentationModel, customerKeys: [Int64], clusters: [Int32], groups: [Int32],
    refreshes: Int? = nil
  ) throws(SegmentaError) -> Int {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let modelText = try Self.converting { String(decoding: try encoder.encode(model), as: UTF8.self) }
    return try write { db in
      let version =
        (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM segmentation WHERE name = ?", arguments: [name]) ?? 0) + 1
      try db.execute(
        sql: """
          INSERT INTO segmentation(name, version, created_at, period, model, customer_keys, clusters, groups, refreshes)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          name, version, Timestamp.now(), period, modelText, Self.blob(customerKeys), Self.blob(clusters),
          Self.blob(groups), refreshes,
        ])
      if let refreshes {
        try db.execute(
          sql: """
            INSERT INTO segment_name(segmentation_id, segment, name_zh, name_en)
            SELECT ?, segment, name_zh, name_en FROM segment_name
            WHERE segmentation_id = (SELECT id FROM segmentation WHERE name = ? AND version = ?)
            """,
          arguments: [db.lastInsertedRowID, name, refreshes])
      }
      return version
    }
  }

  /// Loads segmentation `name` (the latest version unless `version` is given); without `customers`, the
  /// customers' keys, clusters and groups are left empty (a light read for names and the model).
  package func segmentation(named name: String, version: Int? = nil, customers: Bool = true) throws(SegmentaError)
    -> StoredSegmentation
  {
    try read { db in
      let row: Row?
      let columns =
        customers
        ? "*"
        : "id, name, version, created_at, period, model, x'' AS customer_keys, x'' AS clusters, x'' AS groups, refreshes"
      if let version {
        row = try Row.fetchOne(
          db, sql: "SELECT \(columns) FROM segmentation WHERE name = ? AND version = ?", arguments: [name, version])
      } else {
        row = try Row.fetchOne(
          db, sql: "SELECT \(columns) FROM segmentation WHERE name = ? ORDER BY version DESC LIMIT 1",
          arguments: [name])
      }
      guard let row else {
        let names = try String.fetchAll(db, sql: "SELECT DISTINCT name FROM segmentation ORDER BY name")
        if let version, names.contains(name) {
          throw SegmentaError(.notFound, "segmentation '\(name)' has no version \(version)")
        }
        throw SegmentaError(
          .notFound,
          "no segmentation named '\(name)'"
            + (names.isEmpty
              ? "; create one with `segmenta segment --name \(name) …`"
              : "; segmentations are: \(names.joined(separator: ", "))"))
      }
      let model = try Self.decodeModel(row["model"])
      let id: Int64 = row["id"]
      var names: [Int: FeatureLabel] = [:]
      for nameRow in try Row.fetchAll(
        db, sql: "SELECT segment, name_zh, name_en FROM segment_name WHERE segmentation_id = ?", arguments: [id])
      {
        names[nameRow["segment"]] = FeatureLabel(zh: nameRow["name_zh"], en: nameRow["name_en"])
      }
      return StoredSegmentation(
        id: id, name: row["name"], version: row["version"], createdAt: row["created_at"], period: row["period"],
        model: model, customerKeys: Self.array(row["customer_keys"]), clusters: Self.array(row["clusters"]),
        groups: Self.array(row["groups"]), customNames: names, refreshes: row["refreshes"])
    }
  }

  /// Names segment `segment` (1-based) of a segmentation version and returns it with the new name.
  ///
  /// A nil language keeps that language's name.
  @discardableResult
  package func renameSegment(_ segmentation: StoredSegmentation, segment: Int, zh: String?, en: String?)
    throws(SegmentaError) -> StoredSegmentation
  {
    guard segment >= 1 && segment <= segmentation.model.segmentCount else {
      throw SegmentaError(
        .notFound,
        "segmentation '\(segmentation.name)' has segments 1 to \(segmentation.model.segmentCount), not \(segment)")
    }
    let current = segmentation.customNames[segment]
    let name = FeatureLabel(zh: zh ?? current?.zh ?? "", en: en ?? current?.en ?? "")
    try write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO segment_name(segmentation_id, segment, name_zh, name_en) VALUES (?, ?, ?, ?)",
        arguments: [segmentation.id, segment, name.zh, name.en])
    }
    var renamed = segmentation
    renamed.customNames[segment] = name
    return renamed
  }

  /// The latest version of every segmentation, by name.
  package func segmentations() throws(SegmentaError) -> [SegmentationSummary] {
    try segmentationVersions().filter(\.latest)
  }

  /// Every stored version of every segmentation, by name then version, read without the customers'
  /// clusters.
  package func segmentationVersions() throws(SegmentaError) -> [SegmentationSummary] {
    let rows = try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT name, version, created_at, period, model, length(customer_keys) AS key_bytes, refreshes,
            version = (SELECT MAX(version) FROM segmentation AS newer WHERE newer.name = segmentation.name) AS latest
          FROM segmentation ORDER BY name, version
          """)
    }
    var summaries: [SegmentationSummary] = []
    for row in rows {
      let model = try Self.decodeModel(row["model"])
      summaries.append(
        SegmentationSummary(
          name: row["name"], version: row["version"], createdAt: row["created_at"], period: row["period"],
          customers: (row["key_bytes"] as Int? ?? 0) / MemoryLayout<Int64>.stride, k: model.k,
          segments: model.segmentCount, silhouette: model.chosen.silhouette, latest: row["latest"],
          refreshes: row["refreshes"]))
    }
    return summaries
  }

  /// A stored model from its JSON text.
  static func decodeModel(_ text: String) throws(SegmentaError) -> SegmentationModel {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try converting { try decoder.decode(SegmentationModel.self, from: Data(text.utf8)) }
  }
}

extension Workspace {
  /// Stores the result `kind` (JSON) computed about version `version` of segmentation `name`,
  /// replacing an earlier one.
  package func saveSegmentationResult(name: String, version: Int, kind: String, json: Data) throws(SegmentaError) {
    try write { db in
      try db.execute(
        sql: """
          INSERT OR REPLACE INTO segmentation_result(name, version, kind, result, created_at)
          VALUES (?, ?, ?, ?, ?)
          """,
        arguments: [name, version, kind, json, Timestamp.now()])
    }
  }

  /// The result `kind` stored about version `version` of segmentation `name`, if any.
  package func segmentationResult(name: String, version: Int, kind: String) throws(SegmentaError) -> Data? {
    try read { db in
      try Data.fetchOne(
        db, sql: "SELECT result FROM segmentation_result WHERE name = ? AND version = ? AND kind = ?",
        arguments: [name, version, kind])
    }
  }
}
