import Foundation
import GRDB
import SegmentaCore

/// A segmentation version as stored in the workspace.
public struct StoredSegmentation: Sendable {
  /// Row id.
  public var id: Int64
  /// The segmentation's name.
  public var name: String
  /// Version, 1 for the first run of a name.
  public var version: Int
  /// When it was made (UTC).
  public var createdAt: String
  /// The wide-table period its features came from, if any.
  public var period: String?
  /// The model.
  public var model: SegmentationModel
  /// Segmented customers' keys.
  public var customerKeys: [Int64]
  /// Each customer's cluster (0-based).
  public var clusters: [Int32]
  /// Each customer's segment (0-based).
  public var groups: [Int32]
  /// Names given by the analyst, by 1-based segment id.
  public var customNames: [Int: FeatureLabel]
}

/// One line of `segmenta segments list`.
public struct SegmentationSummary: Sendable, Equatable, Codable {
  /// Name.
  public var name: String
  /// Latest version.
  public var version: Int
  /// When the latest version was made.
  public var createdAt: String
  /// Period of the features.
  public var period: String?
  /// Customers segmented.
  public var customers: Int
  /// Clusters.
  public var k: Int
  /// Segments.
  public var segments: Int
  /// Silhouette of the chosen k.
  public var silhouette: Double
}

extension Workspace {
  /// Stores a new version of segmentation `name` and returns its version number.
  @discardableResult
  public func saveSegmentation(
    name: String, period: String?, model: SegmentationModel, customerKeys: [Int64], clusters: [Int32], groups: [Int32]
  ) throws -> Int {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let modelText = String(decoding: try encoder.encode(model), as: UTF8.self)
    return try database.write { db in
      let version =
        (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM segmentation WHERE name = ?", arguments: [name]) ?? 0) + 1
      try db.execute(
        sql: """
          INSERT INTO segmentation(name, version, created_at, period, model, customer_keys, clusters, groups)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          name, version, Timestamp.now(), period, modelText, Self.blob(customerKeys), Self.blob(clusters),
          Self.blob(groups),
        ])
      return version
    }
  }

  /// Loads segmentation `name` (the latest version unless `version` is given).
  public func segmentation(named name: String, version: Int? = nil) throws -> StoredSegmentation {
    try database.read { db in
      let row: Row?
      if let version {
        row = try Row.fetchOne(
          db, sql: "SELECT * FROM segmentation WHERE name = ? AND version = ?", arguments: [name, version])
      } else {
        row = try Row.fetchOne(
          db, sql: "SELECT * FROM segmentation WHERE name = ? ORDER BY version DESC LIMIT 1", arguments: [name])
      }
      guard let row else {
        let names = try String.fetchAll(db, sql: "SELECT DISTINCT name FROM segmentation ORDER BY name")
        if let version, names.contains(name) {
          throw WorkspaceError.invalidRequest("segmentation '\(name)' has no version \(version)")
        }
        throw WorkspaceError.invalidRequest(
          "no segmentation named '\(name)'"
            + (names.isEmpty
              ? "; create one with `segmenta segment --name \(name) …`"
              : "; segmentations are: \(names.joined(separator: ", "))"))
      }
      let decoder = JSONDecoder()
      decoder.nonConformingFloatDecodingStrategy = .convertFromString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
      let modelText: String = row["model"]
      let model = try decoder.decode(SegmentationModel.self, from: Data(modelText.utf8))
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
        groups: Self.array(row["groups"]), customNames: names)
    }
  }

  /// Names segment `segment` (1-based) of a segmentation version; nil keeps a language's name.
  public func renameSegment(_ segmentation: StoredSegmentation, segment: Int, zh: String?, en: String?) throws {
    guard segment >= 1 && segment <= segmentation.model.segmentCount else {
      throw WorkspaceError.invalidRequest(
        "segmentation '\(segmentation.name)' has segments 1 to \(segmentation.model.segmentCount), not \(segment)")
    }
    let current = segmentation.customNames[segment]
    try database.write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO segment_name(segmentation_id, segment, name_zh, name_en) VALUES (?, ?, ?, ?)",
        arguments: [segmentation.id, segment, zh ?? current?.zh ?? "", en ?? current?.en ?? ""])
    }
  }

  /// The latest version of every segmentation.
  public func segmentations() throws -> [SegmentationSummary] {
    let names = try database.read { db in
      try String.fetchAll(db, sql: "SELECT DISTINCT name FROM segmentation ORDER BY name")
    }
    return try names.map { name in
      let stored = try segmentation(named: name)
      return SegmentationSummary(
        name: name, version: stored.version, createdAt: stored.createdAt, period: stored.period,
        customers: stored.customerKeys.count, k: stored.model.k, segments: stored.model.segmentCount,
        silhouette: stored.model.chosen.silhouette)
    }
  }
}

extension StoredSegmentation {
  /// The name shown for each segment (0-based): the analyst's, else the automatic one.
  public var displayNames: [FeatureLabel] {
    (0..<model.segmentCount).map { index in
      let automatic =
        index < model.automaticNames.count
        ? model.automaticNames[index] : FeatureLabel(zh: "群\(index + 1)", en: "Segment \(index + 1)")
      guard let custom = customNames[index + 1] else { return automatic }
      return FeatureLabel(
        zh: custom.zh.isEmpty ? automatic.zh : custom.zh, en: custom.en.isEmpty ? automatic.en : custom.en)
    }
  }
}
