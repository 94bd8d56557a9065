import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta assign` and `segmenta export`: segments for a file of customers, or for the workspace.
public enum SegmentAssignment {
  /// Which language segment names are written in.
  public enum NameLanguage: String, Sendable, CaseIterable {
    /// Chinese.
    case zh
    /// English.
    case en
    /// "中文 / English".
    case both

    func text(_ label: FeatureLabel) -> String {
      switch self {
      case .zh: return label.zh
      case .en: return label.en
      case .both: return label.zh == label.en ? label.zh : "\(label.zh) / \(label.en)"
      }
    }
  }

  /// What an assignment or export wrote.
  public struct Report: Sendable, Codable, Equatable {
    /// The segmentation and version used.
    public var segmentation: String
    /// Version used.
    public var version: Int
    /// Rows written.
    public var rows: Int
    /// Rows per 1-based segment id.
    public var segmentCounts: [Int: Int]
    /// Rows without a segment (export: customers added after the segmentation).
    public var unsegmented: Int
    /// The output file.
    public var file: String
  }

  /// Assigns the customers of `input` (a CSV with the id column and every feature of the
  /// segmentation) with the stored preprocessing and nearest centre, and writes `customer_id,
  /// segment_id, segment_name, distance` to `output`.
  public static func assign(
    segmentation: StoredSegmentation, input: String, output: String, idColumn: String = "customer_id",
    dialect: CSVDialect = CSVDialect(), language: NameLanguage = .both
  ) throws -> Report {
    let model = segmentation.model
    let reader = try CSVReader(path: input, dialect: dialect)
    guard let idIndex = reader.header.firstIndex(of: idColumn) else {
      throw DataFileError(
        file: input, line: 1,
        message: "no column '\(idColumn)' holds the customer id (columns: \(reader.header.joined(separator: ", ")))")
    }
    var indices: [Int] = []
    var missing: [String] = []
    for feature in model.features {
      if let index = reader.header.firstIndex(of: feature.name) {
        indices.append(index)
      } else {
        missing.append(feature.name)
      }
    }
    guard missing.isEmpty else {
      throw DataFileError(
        file: input, line: 1,
        message:
          "the segmentation needs column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")), which the file lacks"
      )
    }
    var ids: [String] = []
    var columns = [[Double]](repeating: [], count: indices.count)
    while try reader.next() {
      guard reader.fieldCount == reader.header.count else {
        throw DataFileError(
          file: input, line: reader.line,
          message: "expected \(reader.header.count) fields as in the header, found \(reader.fieldCount)")
      }
      ids.append(reader.string(at: idIndex).trimmingASCIISpaces())
      for (slot, index) in indices.enumerated() {
        let bytes = reader.bytes(at: index)
        if let value = ValueParser.parseDecimal(bytes) {
          columns[slot].append(value)
        } else if ValueParser.isMissing(bytes) {
          columns[slot].append(.nan)
        } else {
          throw DataFileError(
            file: input, line: reader.line, column: index + 1, columnName: reader.header[index],
            message: "expected a number, found '\(reader.string(at: index))'")
        }
      }
    }
    let (clusters, distances) = model.assign(columns)
    let names = segmentation.displayNames
    let writer = try CSVWriter(path: output, header: ["customer_id", "segment_id", "segment_name", "distance"])
    var counts: [Int: Int] = [:]
    for row in ids.indices {
      let segment = model.clusterGroups[Int(clusters[row])]
      counts[segment + 1, default: 0] += 1
      writer.field(ids[row])
      writer.field(Int64(segment + 1))
      writer.field(language.text(names[segment]))
      writer.field(distances[row], decimals: 6)
      try writer.endRecord()
    }
    try writer.close()
    return Report(
      segmentation: segmentation.name, version: segmentation.version, rows: ids.count, segmentCounts: counts,
      unsegmented: 0, file: output)
  }

  /// Writes every customer of the workspace with its cluster and segment (`customer_id, cluster_id,
  /// segment_id, segment_name`); customers added after the segmentation have empty ids.
  public static func export(
    workspace: Workspace, segmentation: StoredSegmentation, output: String, language: NameLanguage = .both
  ) throws -> Report {
    let keys = try workspace.customerKeys()
    let ids = try workspace.customerIDs(keys: keys)
    var position: [Int64: Int] = [:]
    for (index, key) in segmentation.customerKeys.enumerated() { position[key] = index }
    let names = segmentation.displayNames
    let writer = try CSVWriter(path: output, header: ["customer_id", "cluster_id", "segment_id", "segment_name"])
    var counts: [Int: Int] = [:]
    var unsegmented = 0
    for (row, key) in keys.enumerated() {
      writer.field(ids[row])
      if let index = position[key] {
        let segment = Int(segmentation.groups[index])
        counts[segment + 1, default: 0] += 1
        writer.field(Int64(segmentation.clusters[index]) + 1)
        writer.field(Int64(segment + 1))
        writer.field(language.text(names[segment]))
      } else {
        unsegmented += 1
        writer.emptyField()
        writer.emptyField()
        writer.emptyField()
      }
      try writer.endRecord()
    }
    try writer.close()
    return Report(
      segmentation: segmentation.name, version: segmentation.version, rows: keys.count, segmentCounts: counts,
      unsegmented: unsegmented, file: output)
  }
}
